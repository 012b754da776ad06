import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What happens before Flink reads the topic, for the two other input shapes `filterc route`
 * accepts (filterc_runtime.h, "Input shapes"). Not Flink: the line is rewritten into the flat
 * message the topic would hold, and that message then goes through Flink's decoder.
 *
 * <p>A Debezium envelope ({"op", "before"/"after"}, possibly inside "payload") becomes what
 * Debezium's io.debezium.transforms.ExtractNewRecordState writes with add.fields=op,table,ts_ms
 * and delete.handling.mode=rewrite: the "after" row (the "before" row for op "d"), plus __op =
 * op, __table = source.table, __ts_ms = the envelope's own ts_ms (ExtractNewRecordState's
 * FieldReference resolves a field name without the "source." prefix against the envelope
 * struct; "source.ts_ms" would be a separate __source_ts_ms), and __deleted = "true" for a
 * delete, "false" otherwise.
 *
 * <p>A bare business event (has "eventHeader", has neither "event_data" nor "event_type") gets
 * the producer mapping filterc documents: id, event_name, event_type from the header's uuid,
 * eventName, eventType; created_date/saved_date the epoch milliseconds rendered as ISO-8601 UTC
 * ("...Z", with ".mmm" when the milliseconds are not zero); event_data the line itself; __op 'c',
 * __table 'business_events', __ts_ms = savedDate, __deleted 'false'.
 *
 * <p>Member values are copied as their source text, so numbers keep their spelling.
 */
final class Upstream {
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
          .build();

  /** Result of a rewrite: the flat message, or a reason the envelope has no row. */
  static final class Result {
    final String text;
    final String invalid;

    Result(String text, String invalid) {
      this.text = text;
      this.invalid = invalid;
    }
  }

  /** The members of the JSON object `text` as key -> raw value text (last one wins). */
  private static Map<String, String> members(String text) {
    try (JsonParser p = FACTORY.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) return null;
      Map<String, String> out = new LinkedHashMap<>();
      JsonToken t = p.nextToken();
      while (t == JsonToken.FIELD_NAME) {
        String key = p.getCurrentName();
        p.nextToken();
        int start = (int) p.getTokenLocation().getCharOffset();
        p.skipChildren();
        t = p.nextToken();
        int end = (int) p.getTokenLocation().getCharOffset();
        String raw = text.substring(start, end).trim();
        if (raw.endsWith(",")) raw = raw.substring(0, raw.length() - 1).trim();
        out.put(key, raw);
      }
      if (t != JsonToken.END_OBJECT) return null;
      return out;
    } catch (Exception e) {
      return null;
    }
  }

  private static boolean isObject(String raw) {
    return raw != null && raw.startsWith("{");
  }

  private static String unquote(String raw) {
    if (raw == null || !raw.startsWith("\"")) return null;
    try (JsonParser p = FACTORY.createParser(raw)) {
      p.nextToken();
      return p.getText();
    } catch (Exception e) {
      return null;
    }
  }

  private static Long int64(String raw) {
    if (raw == null) return null;
    try (JsonParser p = FACTORY.createParser(raw)) {
      if (p.nextToken() != JsonToken.VALUE_NUMBER_INT) return null;
      if (p.getNumberType() != JsonParser.NumberType.INT
          && p.getNumberType() != JsonParser.NumberType.LONG) return null;
      return p.getLongValue();
    } catch (Exception e) {
      return null;
    }
  }

  private static String quote(String s) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
  }

  /** The rewritten message, or null when the line is a flat message (or not an object). */
  static Result rewrite(String line) {
    Map<String, String> root = members(line);
    if (root == null) return null;
    Map<String, String> env = null;
    String payload = root.get("payload");
    if (isObject(payload)) {
      Map<String, String> p = members(payload);
      if (p != null && p.containsKey("op") && (p.containsKey("before") || p.containsKey("after")))
        env = p;
    }
    if (env == null
        && root.containsKey("op")
        && (root.containsKey("before") || root.containsKey("after"))) env = root;
    if (env != null) return envelope(env);
    if (root.containsKey("eventHeader")
        && !root.containsKey("event_data")
        && !root.containsKey("event_type")) return businessEvent(root, line);
    return null;
  }

  private static Result envelope(Map<String, String> env) {
    String op = env.get("op");
    boolean deleted = "d".equals(unquote(op));
    String row = env.get(deleted ? "before" : "after");
    if (!isObject(row))
      return new Result(null, deleted ? "delete without a before row" : "no after row");
    Map<String, String> source = isObject(env.get("source")) ? members(env.get("source")) : null;
    String table = source != null && source.containsKey("table") ? source.get("table") : "null";
    String tsMs = env.containsKey("ts_ms") ? env.get("ts_ms") : "null";
    String body = row.substring(1, row.length() - 1).trim();
    StringBuilder b = new StringBuilder("{").append(body);
    if (!body.isEmpty()) b.append(',');
    b.append("\"__op\":").append(op == null ? "null" : op);
    b.append(",\"__table\":").append(table);
    b.append(",\"__ts_ms\":").append(tsMs);
    b.append(",\"__deleted\":").append(deleted ? "\"true\"" : "\"false\"");
    return new Result(b.append('}').toString(), null);
  }

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private static String timestamp(String raw) {
    Long ms = int64(raw);
    if (ms == null) return raw == null ? "null" : raw;
    Instant t = Instant.ofEpochMilli(ms);
    long millis = Math.floorMod(ms, 1000L);
    String s = SECONDS.format(t) + (millis != 0 ? String.format(".%03d", millis) : "") + "Z";
    return quote(s);
  }

  private static Result businessEvent(Map<String, String> root, String line) {
    String h = root.get("eventHeader");
    Map<String, String> header = isObject(h) ? members(h) : null;
    if (header == null) header = new LinkedHashMap<>();
    StringBuilder b = new StringBuilder("{");
    b.append("\"id\":").append(header.getOrDefault("uuid", "null"));
    b.append(",\"event_name\":").append(header.getOrDefault("eventName", "null"));
    b.append(",\"event_type\":").append(header.getOrDefault("eventType", "null"));
    b.append(",\"created_date\":").append(timestamp(header.get("createdDate")));
    b.append(",\"saved_date\":").append(timestamp(header.get("savedDate")));
    b.append(",\"event_data\":").append(quote(line));
    b.append(",\"__op\":\"c\",\"__table\":\"business_events\"");
    Long saved = int64(header.get("savedDate"));
    b.append(",\"__ts_ms\":").append(saved == null ? "null" : saved.toString());
    b.append(",\"__deleted\":\"false\"}");
    return new Result(b.toString(), null);
  }
}
