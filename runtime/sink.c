/* What a routed event looks like on a filtered topic: the sink columns of
 * the schema, in DDL order; in the no-op variant the SQL adds
 * 'c' AS __op and 'business_events' AS __table. */
#include <string.h>

#include "internal.h"

size_t rt_sink_columns(const Plan *p, size_t *cols) {
  size_t n = 0;
  for (size_t i = 0; i < p->schema->column_count; i++)
    if (p->schema->columns[i].sink &&
        (p->variant == VARIANT_NORMAL || !p->schema->columns[i].cdc ||
         !strcmp(p->schema->columns[i].name, "__op") ||
         !strcmp(p->schema->columns[i].name, "__table")))
      cols[n++] = i;
  return n;
}

RtValue rt_sink_value(const Plan *p, const RtMessage *m, size_t col) {
  const SchemaColumn *c = &p->schema->columns[col];
  if (p->variant == VARIANT_NO_OP && c->cdc) {
    if (!strcmp(c->name, "__op"))
      return (RtValue){.kind = RT_STRING, .str = "c", .len = 1};
    if (!strcmp(c->name, "__table"))
      return (RtValue){.kind = RT_STRING, .str = "business_events", .len = 15};
  }
  return rt_message_column(m, col);
}

int rt_sink_write(RtSink *s, size_t topic, const RtMessage *m, uint64_t lineno) {
  return s->ops->write(s, topic, m, lineno);
}

int rt_sink_finish(RtSink *s, const RtSummary *sum, char *err, size_t err_size) {
  return s->ops->finish(s, sum, err, err_size);
}
