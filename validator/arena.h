/* Bump allocator that owns every AST node, string and list of one
 * compilation. Freeing the arena is the only cleanup a program needs, which
 * is what lets the parser bail out of any error path without unwinding. */
#ifndef FILTERC_ARENA_H
#define FILTERC_ARENA_H

#include <stddef.h>

typedef struct ArenaBlock ArenaBlock;

typedef struct Arena {
  ArenaBlock *head;
  size_t total; /* bytes handed out, for memory reports */
} Arena;

void arena_init(Arena *arena);
void arena_free(Arena *arena);
/* Zeroed, max-aligned memory. Aborts on out-of-memory: there is nothing
 * sensible a compiler can do without memory, and it keeps callers simple. */
void *arena_alloc(Arena *arena, size_t size);
char *arena_strndup(Arena *arena, const char *s, size_t len);
char *arena_strdup(Arena *arena, const char *s);

#endif
