import java.nio.charset.StandardCharsets;

/**
 * The string conversions Flink's generated code performs, replicated on Java strings.
 *
 * <p>Flink keeps STRING values as UTF-8 bytes (BinaryStringData); a Java String passes through
 * {@link #flinkString} on the way in, as BinaryStringData.fromString does (a lone surrogate
 * becomes '?').
 */
final class Casts {
  private Casts() {}

  /** BinaryStringData.fromString(s).toString(): UTF-8 round trip, lone surrogates to '?'. */
  static String flinkString(String s) {
    return s == null ? null : new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }

  /**
   * BinaryStringData.trim() (flink-table-common, org.apache.flink.table.data.binary): removes
   * leading and trailing SPACE (0x20) bytes only; tabs and line breaks stay.
   */
  static String trim(String s) {
    int b = 0, e = s.length();
    while (b < e && s.charAt(b) == ' ') b++;
    while (e > b && s.charAt(e - 1) == ' ') e--;
    return s.substring(b, e);
  }

  /**
   * TRY_CAST(str AS DOUBLE): StringToNumericPrimitiveCastRule (flink-table-planner,
   * functions/casting) generates BinaryStringDataUtil.toDouble(str.trim()), which is
   * Double.valueOf(str.toString()) (so Java's own whitespace trim, "NaN", "Infinity", hex
   * floats with 'p', and the 'd'/'f' suffixes are accepted); a NumberFormatException makes
   * TRY_CAST return NULL.
   */
  static Double toDouble(String str) {
    try {
      return Double.valueOf(trim(str));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * TRY_CAST(str AS BIGINT): StringToNumericPrimitiveCastRule -> BinaryStringDataUtil.toLong(
   * str.trim()) (copied from Hive's LazyLong.parseLong): optional sign, decimal digits, and an
   * optional '.' followed by digits only, which is truncated; overflow, any other character or an
   * empty string fail (NULL under TRY_CAST). Works on the UTF-8 bytes, so any non-ASCII byte fails.
   */
  static Long toLong(String s) {
    byte[] bytes = trim(s).getBytes(StandardCharsets.UTF_8);
    int size = bytes.length;
    if (size == 0) return null;
    int i = 0;
    byte b = bytes[i];
    boolean negative = b == '-';
    if (negative || b == '+') {
      i++;
      if (size == 1) return null;
    }
    long result = 0;
    final long stopValue = Long.MIN_VALUE / 10;
    while (i < size) {
      b = bytes[i];
      i++;
      if (b == '.') break;
      int digit;
      if (b >= '0' && b <= '9') digit = b - '0';
      else return null;
      if (result < stopValue) return null;
      result = result * 10 - digit;
      if (result > 0) return null;
    }
    while (i < size) {
      byte c = bytes[i];
      if (c < '0' || c > '9') return null;
      i++;
    }
    if (!negative) {
      result = -result;
      if (result < 0) return null;
    }
    return result;
  }

  /**
   * TRY_CAST(str AS BOOLEAN): StringToBooleanCastRule -> BinaryStringDataUtil.toBoolean(str),
   * with no trim (unlike the numeric rule): lower-cased, TRUE for t/true/y/yes/1, FALSE for
   * f/false/n/no/0, otherwise a TableException (NULL under TRY_CAST), so " true" is NULL.
   * BinaryStringData.toLowerCase lowers ASCII and uses Character.toLowerCase for the rest.
   */
  static Boolean toBoolean(String str) {
    String lower = str.toLowerCase(java.util.Locale.ROOT);
    switch (lower) {
      case "t": case "true": case "y": case "yes": case "1":
        return Boolean.TRUE;
      case "f": case "false": case "n": case "no": case "0":
        return Boolean.FALSE;
      default:
        return null;
    }
  }

  /** BinaryStringData.compareTo: unsigned lexicographic order of the UTF-8 bytes. */
  static int compareStrings(String a, String b) {
    byte[] x = a.getBytes(StandardCharsets.UTF_8), y = b.getBytes(StandardCharsets.UTF_8);
    int n = Math.min(x.length, y.length);
    for (int i = 0; i < n; i++) {
      int c = (x[i] & 0xff) - (y[i] & 0xff);
      if (c != 0) return c;
    }
    return x.length - y.length;
  }
}
