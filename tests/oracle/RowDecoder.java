import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The source table's value decoder: Flink's `json` format since 1.18 (FLINK-32610), which reads
 * with a Jackson streaming parser, JsonParserRowDataDeserializationSchema.deserialize and
 * JsonParserToRowDataConverters (flink-formats/flink-json, org.apache.flink.formats.json),
 * replicated statement by statement on the same Jackson library so that the parser's leniency and
 * its position after a failed field are Flink's.
 *
 * <p>The row type is the projected one: the Kafka source pushes the projection of the query
 * into the format (ProjectableDecodingFormat), so the row converter's arity is the number of
 * source columns the job reads, and createRowConverter stops converting (skips every further
 * field) once it has converted that many fields, counting a repeated key each time.
 */
final class RowDecoder {
  /** Thrown where Flink would fail the job (a parse error without ignore-parse-errors). */
  static final class DecodeFailure extends Exception {
    private static final long serialVersionUID = 1L;

    DecodeFailure(String m) {
      super(m);
    }
  }

  /** Flink's private JsonParseException (a RuntimeException-free IOException subclass there). */
  private static final class FlinkJsonParseException extends IOException {
    private static final long serialVersionUID = 1L;

    FlinkJsonParseException(String m) {
      super(m);
    }
  }

  private interface Converter {
    Object convert(JsonParser jp) throws IOException;
  }

  /**
   * AbstractJsonDeserializationSchema.open: JacksonMapperFactory.createObjectMapper() with
   * JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS enabled (USE_BIG_DECIMAL_FOR_FLOATS only when
   * the row has a DECIMAL column, which ours never has).
   */
  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS.mappedFeature(), true);

  private final boolean ignoreParseErrors; // the table's option
  private boolean lenient; // the mode of the decode under way (Oracle.decode tries both)
  private final boolean failOnMissingField;
  private final String[] names; // projected columns
  private final Map<String, Integer> nameIdx = new HashMap<>();
  private final Converter[] fieldConverters;
  private final Converter rowConverter;
  /**
   * Decoders with equal signatures decode every message alike (a per-line cache key). The
   * signature leaves out ignore-parse-errors: a message that decodes without any exception
   * decodes alike either way (see Oracle.judge).
   */
  final String signature;

  RowDecoder(List<SqlScript.Column> projected, boolean ignoreParseErrors, boolean failOnMissingField) {
    this.ignoreParseErrors = ignoreParseErrors;
    this.failOnMissingField = failOnMissingField;
    names = new String[projected.size()];
    fieldConverters = new Converter[projected.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = projected.get(i).name;
      nameIdx.put(names[i], i);
      fieldConverters[i] = wrapIntoNullableConverter(createNotNullConverter(projected.get(i).type));
    }
    rowConverter = wrapIntoNullableConverter(this::convertRow);
    StringBuilder sig = new StringBuilder(String.valueOf(failOnMissingField));
    for (SqlScript.Column c : projected) sig.append(',').append(c.name).append(' ').append(c.type);
    signature = sig.toString();
  }

  String[] names() {
    return names;
  }

  boolean ignoresParseErrors() {
    return ignoreParseErrors;
  }

  /**
   * JsonParserRowDataDeserializationSchema.deserialize: null (the record is dropped) for an empty
   * message or, with ignore-parse-errors, for any failure; DecodeFailure otherwise.
   */
  Object[] deserialize(byte[] message, boolean ignoreParseErrors) throws DecodeFailure {
    lenient = ignoreParseErrors;
    if (message == null || message.length == 0) return null;
    try (JsonParser root = MAPPER.getFactory().createParser(message)) {
      if (root.currentToken() == null) root.nextToken();
      if (root.currentToken() != JsonToken.START_OBJECT)
        throw new IOException("No content to map due to end-of-input");
      return (Object[]) rowConverter.convert(root);
    } catch (Throwable t) {
      if (lenient) return null;
      throw new DecodeFailure("Failed to deserialize JSON: " + t);
    }
  }

  /** JsonParserToRowDataConverters.createNotNullConverter, for the types a schema can hold. */
  private Converter createNotNullConverter(SqlScript.Type type) {
    switch (type) {
      case BOOLEAN:
        return RowDecoder::convertToBoolean;
      case INT:
        return RowDecoder::convertToInt;
      case BIGINT:
        return RowDecoder::convertToLong;
      case DOUBLE:
        return RowDecoder::convertToDouble;
      case STRING:
        return RowDecoder::convertToString;
    }
    throw new IllegalStateException("unhandled column type " + type);
  }

  /** JsonParserToRowDataConverters.convertToBoolean. */
  private static Object convertToBoolean(JsonParser jp) throws IOException {
    if (jp.currentToken() == JsonToken.VALUE_TRUE) return true;
    if (jp.currentToken() == JsonToken.VALUE_FALSE) return false;
    return Boolean.parseBoolean(jp.getText().trim());
  }

  /** JsonParserToRowDataConverters.convertToInt. */
  private static Object convertToInt(JsonParser jp) throws IOException {
    if (jp.currentToken() == JsonToken.VALUE_NUMBER_INT
        || jp.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
      parseLikeUpstream(jp);
      return jp.getIntValue();
    }
    return Integer.parseInt(jp.getText().trim());
  }

  /** JsonParserToRowDataConverters.convertToLong: Jackson's getLongValue truncates floats. */
  private static Object convertToLong(JsonParser jp) throws IOException {
    if (jp.currentToken() == JsonToken.VALUE_NUMBER_INT
        || jp.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
      parseLikeUpstream(jp);
      return jp.getLongValue();
    }
    return Long.parseLong(jp.getText().trim());
  }

  /**
   * Works around a defect of Debian's jar, so that getLongValue()/getIntValue() give what the
   * Jackson Flink shades gives. Debian's jackson-core "2.14.1" carries ParserBase._parseSlowInt
   * from 2.15 (which reports overflow for any integer it is handed when a long is wanted) but
   * not 2.15's branch in _parseNumericValue that parses 19-digit longs first, so getLongValue()
   * throws on every 19-digit integer, 1000000000000000000 and Long.MAX_VALUE included. Upstream
   * 2.14.1 and 2.14.2 (_parseSlowInt tests NumberInput.inLongRange) and 2.15+ (_parseNumericValue,
   * len == 19) return the long. Asking getNumberType() first parses an integer of 19 or more
   * digits into a BigInteger; the getLongValue() that follows range-checks it
   * (convertNumberToLong): upstream's value or upstream's InputCoercionException, for any input.
   */
  private static void parseLikeUpstream(JsonParser jp) throws IOException {
    if (jp.currentToken() == JsonToken.VALUE_NUMBER_INT) jp.getNumberType();
  }

  /** JsonParserToRowDataConverters.convertToDouble: an integer token goes through its text. */
  private static Object convertToDouble(JsonParser jp) throws IOException {
    if (jp.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) return jp.getDoubleValue();
    return Double.parseDouble(jp.getText().trim());
  }

  /**
   * JsonParserToRowDataConverters.convertToString: the token's own text (a number keeps its
   * source spelling), or the compact JSON of an object/array as Jackson's tree renders it.
   */
  private static Object convertToString(JsonParser jp) throws IOException {
    if (jp.currentToken() == JsonToken.START_OBJECT || jp.currentToken() == JsonToken.START_ARRAY)
      return Casts.flinkString(jp.readValueAsTree().toString());
    return Casts.flinkString(jp.getText());
  }

  /** JsonParserToRowDataConverters.createRowConverter's lambda, with the projected arity. */
  private Object convertRow(JsonParser jp) throws IOException {
    if (jp.currentToken() != JsonToken.START_OBJECT)
      throw new IllegalStateException("Illegal JSON object data...");
    int arity = nameIdx.size();
    Object[] row = new Object[arity];
    int cnt = 0;
    jp.nextToken();
    while (jp.currentToken() != JsonToken.END_OBJECT) {
      if (cnt >= arity) {
        skipToNextField(jp);
        continue;
      }
      String fieldName = jp.getText();
      jp.nextToken();
      Integer idx = nameIdx.get(fieldName);
      if (idx != null) {
        try {
          row[idx] = fieldConverters[idx].convert(jp);
        } catch (Throwable t) {
          throw new FlinkJsonParseException("Fail to deserialize at field: " + fieldName);
        }
        jp.nextToken();
        cnt++;
      } else {
        skipToNextField(jp);
      }
    }
    if (cnt < arity && failOnMissingField)
      throw new FlinkJsonParseException("Some field is missing in the JSON data.");
    return row;
  }

  /**
   * JsonParserToRowDataConverters.skipToNextField. A switch, as there: once a failed field has
   * left the parser inside the value and the loop has read past the end of the input, the
   * current token is null and the switch throws NullPointerException (the row is dropped, or
   * the job fails without ignore-parse-errors).
   */
  private static void skipToNextField(JsonParser jp) throws IOException {
    switch (jp.currentToken()) {
      case START_OBJECT:
      case START_ARRAY:
        int match = 1;
        JsonToken token;
        while (match > 0) {
          token = jp.nextToken();
          if (token == JsonToken.END_ARRAY || token == JsonToken.END_OBJECT) match--;
          else if (token == JsonToken.START_ARRAY || token == JsonToken.START_OBJECT) match++;
        }
        break;
      default:
    }
    jp.nextToken();
  }

  /** JsonParserToRowDataConverters.wrapIntoNullableConverter. */
  private Converter wrapIntoNullableConverter(Converter converter) {
    return jp -> {
      if (jp == null || jp.currentToken() == null || jp.currentToken() == JsonToken.VALUE_NULL)
        return null;
      try {
        return converter.convert(jp);
      } catch (Throwable t) {
        if (!lenient) {
          if (t instanceof IOException) throw (IOException) t;
          if (t instanceof RuntimeException) throw (RuntimeException) t;
          throw new IOException(t);
        }
        return null;
      }
    };
  }
}
