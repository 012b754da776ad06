#include "arena.h"

#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ARENA_BLOCK_MIN = 64 * 1024 };

struct ArenaBlock {
  ArenaBlock *next;
  size_t used, cap;
  alignas(max_align_t) unsigned char data[];
};

void arena_init(Arena *arena) {
  arena->head = NULL;
  arena->total = 0;
}

void arena_free(Arena *arena) {
  ArenaBlock *b = arena->head;
  while (b) {
    ArenaBlock *next = b->next;
    free(b);
    b = next;
  }
  arena->head = NULL;
  arena->total = 0;
}

void *arena_alloc(Arena *arena, size_t size) {
  const size_t align = alignof(max_align_t);
  size = (size + align - 1) & ~(align - 1);
  if (size == 0)
    size = align;
  ArenaBlock *b = arena->head;
  if (!b || b->cap - b->used < size) {
    size_t cap = size > ARENA_BLOCK_MIN ? size : ARENA_BLOCK_MIN;
    b = malloc(sizeof *b + cap);
    if (!b) {
      fputs("filterc: out of memory\n", stderr);
      abort();
    }
    b->used = 0;
    b->cap = cap;
    b->next = arena->head;
    arena->head = b;
  }
  void *p = b->data + b->used;
  b->used += size;
  arena->total += size;
  memset(p, 0, size);
  return p;
}

char *arena_strndup(Arena *arena, const char *s, size_t len) {
  char *p = arena_alloc(arena, len + 1);
  memcpy(p, s, len);
  p[len] = '\0';
  return p;
}

char *arena_strdup(Arena *arena, const char *s) {
  return arena_strndup(arena, s, strlen(s));
}
