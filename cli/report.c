/* The reporting module: renders a DiagList in the formats the CLI offers
 * (see report.h). Separate from the front end, which only collects. */
#include "report.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diagcodes.h"
#include "termtext.h"

static const SourceFile *find_source(const SourceFile *const *sources, size_t n,
                                     const char *file) {
  for (size_t i = 0; i < n; i++)
    /* an unloaded source (no event schema) has no path */
    if (sources[i] && sources[i]->path && file && strcmp(sources[i]->path, file) == 0)
      return sources[i];
  return NULL;
}

/* Prints the line escaped as term_write does (tabs kept, so the caret
 * lines up under them) and a caret under the 1-based character column,
 * past the escapes' width. */
static void quote_line(FILE *out, const SourceFile *sf, SrcPos pos, bool color) {
  size_t len;
  const char *line = source_line(sf, pos.line, &len);
  if (!line)
    return;
  if (len > 200) { /* a giant line is not worth quoting whole */
    len = 200;
    /* cut at a character boundary: the quote is UTF-8 text like the file */
    while (len > 0 && ((unsigned char)line[len] & 0xC0) == 0x80)
      len--;
  }
  fputs("  ", out);
  size_t caret = 0, used;
  uint32_t col = 1;
  for (size_t i = 0; i < len; i += used, col++) {
    char esc[8];
    bool escaped = term_char_escape(line + i, len - i, true, esc, &used);
    if (escaped)
      fputs(esc, out);
    else
      fwrite(line + i, 1, used, out);
    if (col < pos.col)
      caret = i + used;
  }
  fputs("\n  ", out);
  col = 1;
  for (size_t i = 0; i < caret; i += used, col++) {
    char esc[8];
    if (term_char_escape(line + i, len - i, true, esc, &used))
      fprintf(out, "%*s", (int)strlen(esc), "");
    else
      fputc(line[i] == '\t' ? '\t' : ' ', out);
  }
  fputs(color ? "\033[1;32m^\033[0m\n" : "^\n", out);
}

void diag_render_text(FILE *out, const DiagList *diags, const SourceFile *const *sources,
                      size_t source_count, bool color) {
  static const char *const sev_color[] = {"\033[1;36m", "\033[1;35m", "\033[1;31m"};
  for (size_t i = 0; i < diags->count; i++) {
    const Diag *d = &diags->items[i];
    if (color)
      fputs("\033[1m", out);
    /* file names, messages and hints carry user text: term_printf */
    if (d->pos.line)
      term_printf(out, "%s:%u:%u: ", d->file, d->pos.line, d->pos.col);
    else
      term_printf(out, "%s: ", d->file);
    if (color) {
      fprintf(out, "%s%s:\033[0m\033[1m ", sev_color[d->severity],
              severity_name(d->severity));
      term_printf(out, "%s", d->message);
      fprintf(out, "\033[0m [%s]\n", d->code);
    } else {
      term_printf(out, "%s: %s [%s]\n", severity_name(d->severity), d->message, d->code);
    }
    const SourceFile *sf = find_source(sources, source_count, d->file);
    if (sf && d->pos.line)
      quote_line(out, sf, d->pos, color);
    if (d->hint) {
      fprintf(out, "  %shint:%s ", color ? "\033[1;36m" : "", color ? "\033[0m" : "");
      term_printf(out, "%s\n", d->hint);
    }
  }
}

void diag_render_json(FILE *out, const DiagList *diags) {
  json_t *arr = json_array();
  for (size_t i = 0; i < diags->count; i++) {
    const Diag *d = &diags->items[i];
    json_t *o = json_object();
    json_object_set_new(o, "file", json_string(d->file ? d->file : ""));
    json_object_set_new(o, "line", json_integer(d->pos.line));
    json_object_set_new(o, "column", json_integer(d->pos.col));
    json_object_set_new(o, "severity", json_string(severity_name(d->severity)));
    json_object_set_new(o, "code", json_string(d->code));
    json_object_set_new(o, "message", json_string(d->message));
    if (d->hint)
      json_object_set_new(o, "hint", json_string(d->hint));
    json_array_append_new(arr, o);
  }
  json_t *root = json_object();
  json_object_set_new(root, "diagnostics", arr);
  json_object_set_new(root, "errors", json_integer((json_int_t)diags->errors));
  json_object_set_new(root, "warnings", json_integer((json_int_t)diags->warnings));
  char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  if (text) {
    fputs(text, out);
    fputc('\n', out);
    free(text);
  }
  json_decref(root);
}

/* ---- CI formats ---------------------------------------------------------- */

/* GitHub's workflow-command escaping: data escapes %, CR and LF; property
 * values (file, title) also ':' and ',', which delimit properties. */
static void github_escape(FILE *out, const char *s, bool property) {
  for (; s && *s; s++) {
    switch (*s) {
    case '%':
      fputs("%25", out);
      break;
    case '\r':
      fputs("%0D", out);
      break;
    case '\n':
      fputs("%0A", out);
      break;
    case ':':
      fputs(property ? "%3A" : ":", out);
      break;
    case ',':
      fputs(property ? "%2C" : ",", out);
      break;
    default:
      fputc(*s, out);
    }
  }
}

void diag_render_github(FILE *out, const DiagList *diags) {
  static const char *const command[] = {"notice", "warning", "error"};
  for (size_t i = 0; i < diags->count; i++) {
    const Diag *d = &diags->items[i];
    fprintf(out, "::%s ", command[d->severity]);
    if (d->file && *d->file) {
      fputs("file=", out);
      github_escape(out, d->file, true);
      if (d->pos.line > 0)
        fprintf(out, ",line=%u,col=%u", d->pos.line, d->pos.col ? d->pos.col : 1);
      fputc(',', out);
    }
    fputs("title=", out);
    github_escape(out, d->code, true);
    fputs("::", out);
    github_escape(out, d->message, false);
    if (d->hint) { /* the annotation shows line breaks */
      fputs("%0Ahint: ", out);
      github_escape(out, d->hint, false);
    }
    fputc('\n', out);
  }
}

/* A relative file name as a URI reference: percent-encodes everything but
 * RFC 3986's unreserved characters and '/', so spaces or '#' in a file
 * name cannot change what the reference means. */
static json_t *uri_reference(const char *path) {
  static const char hex[] = "0123456789ABCDEF";
  size_t n = strlen(path);
  char *buf = malloc(3 * n + 1), *p = buf;
  if (!buf)
    return json_string("");
  for (const unsigned char *s = (const unsigned char *)path; *s; s++) {
    if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
        (*s >= '0' && *s <= '9') || strchr("-._~/", *s)) {
      *p++ = (char)*s;
    } else {
      *p++ = '%';
      *p++ = hex[*s >> 4];
      *p++ = hex[*s & 15];
    }
  }
  *p = '\0';
  json_t *uri = json_string(buf);
  free(buf);
  return uri;
}

void diag_render_sarif(FILE *out, const DiagList *diags, const char *tool_version) {
  static const char *const level[] = {"note", "warning", "error"};
  json_t *rules = json_array(), *results = json_array();
  /* ruleIndex by code: rules are listed once each, in first-seen order. */
  json_t *rule_index = json_object();
  for (size_t i = 0; i < diags->count; i++) {
    const Diag *d = &diags->items[i];
    json_t *index = json_object_get(rule_index, d->code);
    if (!index) {
      index = json_integer((json_int_t)json_array_size(rules));
      json_object_set_new(rule_index, d->code, index);
      json_t *rule = json_pack("{s:s}", "id", d->code);
      const DiagCodeInfo *info = diag_code_info(d->code);
      if (info) /* the table's meaning, as the rule's description */
        json_object_set_new(rule, "shortDescription",
                            json_pack("{s:s}", "text", info->meaning));
      json_array_append_new(rules, rule);
    }
    json_t *message = json_pack("{s:s}", "text", d->message);
    if (d->hint) {
      char *text = NULL;
      if (asprintf(&text, "%s\nhint: %s", d->message, d->hint) >= 0) {
        json_object_set_new(message, "text", json_string(text));
        free(text);
      }
    }
    json_t *result = json_pack("{s:s, s:O, s:s, s:o}", "ruleId", d->code, "ruleIndex",
                               index, "level", level[d->severity], "message", message);
    if (d->file && *d->file) {
      json_t *physical =
          json_pack("{s:{s:o}}", "artifactLocation", "uri", uri_reference(d->file));
      if (d->pos.line > 0)
        json_object_set_new(physical, "region",
                            json_pack("{s:i, s:i}", "startLine", (int)d->pos.line,
                                      "startColumn", d->pos.col ? (int)d->pos.col : 1));
      json_object_set_new(result, "locations",
                          json_pack("[{s:o}]", "physicalLocation", physical));
    }
    json_array_append_new(results, result);
  }
  json_decref(rule_index);
  json_t *root = json_pack("{s:s, s:s, s:[{s:{s:{s:s, s:s, s:o}}, s:o}]}", "$schema",
                           "https://json.schemastore.org/sarif-2.1.0.json", "version",
                           "2.1.0", "runs", "tool", "driver", "name", "filterc",
                           "version", tool_version, "rules", rules, "results", results);
  char *text = root ? json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
  if (text) {
    fputs(text, out);
    fputc('\n', out);
    free(text);
  }
  json_decref(root);
}
