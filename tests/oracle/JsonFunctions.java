import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.spi.json.JacksonJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JSON_VALUE as Flink runs it: SqlJsonUtils.jsonValue (flink-table-runtime,
 * org.apache.flink.table.runtime.functions; Calcite's JsonFunctions before Flink copied it)
 * returns the raw object Jayway JsonPath produced, and the code JsonValueCallGen.scala
 * (flink-table-planner, codegen/calls) generates converts it per RETURNING type.
 */
final class JsonFunctions {
  /** Thrown where the generated code throws (the job fails). */
  static final class JobFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    JobFailure(String m) {
      super(m, null, false, false);
    }
  }

  /**
   * Which Jackson mapper Jayway parses event_data with. DOUBLE: `new JacksonJsonProvider()`
   * (a default ObjectMapper: JSON floats become java.lang.Double), Flink before FLINK-35696.
   * BIGDECIMAL: `new JacksonJsonProvider(MAPPER)` with USE_BIG_DECIMAL_FOR_FLOATS (floats become
   * java.math.BigDecimal, whose String.valueOf is BigDecimal.toString: "1E+5", "100.0"), Flink
   * since FLINK-35696.
   */
  enum Floats {
    DOUBLE,
    BIGDECIMAL
  }

  /** SqlJsonUtils.JSON_PATH_BASE: an optional "lax"/"strict" mode prefix. */
  private static final Pattern JSON_PATH_BASE =
      Pattern.compile(
          "^\\s*(?<mode>strict|lax)\\s+(?<spec>.+)$",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL | Pattern.MULTILINE);

  private final Configuration conf;
  private final Floats floats;

  JsonFunctions(Floats floats) {
    this.floats = floats;
    JacksonJsonProvider provider;
    JacksonMappingProvider mapping;
    if (floats == Floats.BIGDECIMAL) {
      ObjectMapper mapper =
          new ObjectMapper().configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, true);
      provider = new JacksonJsonProvider(mapper);
      mapping = new JacksonMappingProvider(mapper);
    } else {
      provider = new JacksonJsonProvider();
      mapping = new JacksonMappingProvider();
    }
    conf = Configuration.builder().jsonProvider(provider).mappingProvider(mapping).build();
  }

  /**
   * SqlJsonUtils.jsonValue(input, pathSpec, NULL ON EMPTY, NULL ON ERROR) (the defaults
   * JsonValueCallGen.getBehavior passes when the SQL names none). A path without a "lax"/"strict"
   * prefix runs in STRICT mode (jsonApiCommonSyntax: `if (!matcher.matches()) mode =
   * PathMode.STRICT`): a parse error of the input, a missing step (PathNotFoundException), a null
   * document or a non-scalar result is an error, and NULL ON ERROR makes each of them NULL; in
   * LAX mode they are empty, and NULL ON EMPTY makes them NULL too. So the result is a scalar
   * (Integer, Long, BigInteger, Double or BigDecimal, String, Boolean) or null.
   */
  Object jsonValue(String input, String pathSpec, Map<String, Map<String, Object>> cache) {
    // per message: input text -> (path -> result); the input parsed once (under the key ""),
    // each path read once
    Map<String, Object> results = cache.get(input);
    if (results == null) {
      results = new java.util.HashMap<>();
      cache.put(input, results);
      try {
        results.put("", conf.jsonProvider().parse(input)); // SqlJsonUtils.dejsonize
      } catch (Exception e) {
        results.put("", PARSE_ERROR);
      }
    }
    if (results.containsKey(pathSpec)) return results.get(pathSpec);
    Object value = read(results.get(""), pathSpec);
    results.put(pathSpec, value);
    return value;
  }

  private Object read(Object doc, String pathSpec) {
    if (doc == PARSE_ERROR) return null;
    String pathStr = pathSpec;
    Matcher m = JSON_PATH_BASE.matcher(pathSpec);
    if (m.matches()) pathStr = m.group(2); // STRICT or LAX: both give NULL below
    Object value;
    try {
      // JsonPath.parse(input.obj, conf).read(pathStr); compiled once per path, as Flink's
      // JsonPathCache does
      JsonPath path = paths.get(pathStr);
      if (path == null) {
        path = JsonPath.compile(pathStr);
        paths.put(pathStr, path);
      }
      if (doc == null) return null; // JsonPath.parse(null): IllegalArgumentException -> NULL
      value = path.read(doc, conf);
    } catch (Exception e) {
      return null;
    }
    if (value == null || value instanceof Collection || value instanceof Map) return null;
    return value;
  }

  private static final Object PARSE_ERROR = new Object();
  private final Map<String, JsonPath> paths = new java.util.HashMap<>();

  /**
   * JsonValueCallGen: `rawResult == null ? null : (converted)` where converted is
   * `BinaryStringData.fromString(String.valueOf(rawResult))` for VARCHAR and a plain Java cast
   * `(java.lang.Boolean)`, `(java.lang.Integer)`, `(java.lang.Double)` for BOOLEAN, INTEGER,
   * DOUBLE: a raw object of another class throws ClassCastException, outside any ON ERROR
   * handling, and fails the job. Any other RETURNING type is a CodeGenException when the job is
   * planned.
   */
  Object convert(Object raw, SqlScript.Type returning) {
    if (raw == null) return null;
    switch (returning) {
      case STRING:
        return Casts.flinkString(String.valueOf(raw));
      case BOOLEAN:
        if (raw instanceof Boolean) return raw;
        throw castFailure(raw, "Boolean", "BOOLEAN");
      case INT:
        if (raw instanceof Integer) return raw;
        throw castFailure(raw, "Integer", "INT");
      case DOUBLE:
        // before FLINK-35696 `(java.lang.Double) raw`; since, `((java.math.BigDecimal)
        // raw).doubleValue()`: either way a JSON integer (Integer, Long, BigInteger) throws
        if (floats == Floats.DOUBLE && raw instanceof Double) return raw;
        if (floats == Floats.BIGDECIMAL && raw instanceof BigDecimal)
          return ((BigDecimal) raw).doubleValue();
        throw castFailure(raw, floats == Floats.DOUBLE ? "Double" : "BigDecimal", "DOUBLE");
      case BIGINT:
        throw new JobFailure(
            "CodeGenException: Unsupported type 'BIGINT' for RETURNING in JSON_VALUE()"
                + " (JsonValueCallGen)");
    }
    throw new IllegalStateException("unhandled type " + returning);
  }

  private JobFailure castFailure(Object raw, String to, String returning) {
    return new JobFailure(
        "ClassCastException: class "
            + raw.getClass().getName()
            + " cannot be cast to class "
            + (to.equals("BigDecimal") ? "java.math." : "java.lang.")
            + to
            + " (JsonValueCallGen: RETURNING "
            + returning
            + " on the JSON value "
            + raw
            + ")");
  }
}
