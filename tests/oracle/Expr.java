import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * WHERE-clause expressions and their evaluation with the semantics of Flink's generated code
 * (ScalarOperatorGens in flink-table-planner, codegen/calls). A predicate evaluates to TRUE,
 * FALSE or null (UNKNOWN); a value to null (SQL NULL) or a Java object: String, Integer, Long,
 * Double, BigDecimal (DECIMAL literals), Boolean.
 */
abstract class Expr {
  /** Per event: the decoded row and caches shared by the expressions. */
  static final class Ctx {
    Object[] row;
    Map<String, Integer> slots;
    JsonFunctions json;
    final Map<String, Object> rows = new HashMap<>(); // decoder signature -> row or failure
    final Map<String, Map<String, Object>> jsonDocs = new HashMap<>(); // event_data text -> parsed document (read-only)
  }

  final SqlScript.Type type;

  Expr(SqlScript.Type type) {
    this.type = type;
  }

  abstract Object eval(Ctx c);

  /** A source column. */
  static final class Col extends Expr {
    final String name;

    Col(String name, SqlScript.Type type) {
      super(type);
      this.name = name;
    }

    Object eval(Ctx c) {
      return c.row[c.slots.get(name)];
    }
  }

  static final class Literal extends Expr {
    final Object value;

    Literal(Object value, SqlScript.Type type) {
      super(type);
      this.value = value;
    }

    Object eval(Ctx c) {
      return value;
    }
  }

  /** JSON_VALUE(col, 'path' [RETURNING t]): see JsonFunctions. */
  static final class JsonValue extends Expr {
    final Expr input;
    final String path;

    JsonValue(Expr input, String path, SqlScript.Type returning) {
      super(returning);
      this.input = input;
      this.path = path;
    }

    Object eval(Ctx c) {
      Object in = input.eval(c); // generateCallWithStmtIfArgsNotNull: NULL input -> NULL
      if (in == null) return null;
      Object raw = c.json.jsonValue((String) in, path, c.jsonDocs);
      return c.json.convert(raw, type);
    }
  }

  /**
   * TRY_CAST(x AS t) (tryCast = true) or CAST(x AS t) from STRING: the cast rules of
   * flink-table-planner functions/casting (see Casts). A failing TRY_CAST is NULL
   * (CastRuleUtils / TryCastConverter wrap the rule in a try block); a failing CAST throws and
   * fails the job. From the same type it is the identity.
   */
  static final class Cast extends Expr {
    final Expr arg;
    final boolean tryCast;

    Cast(Expr arg, SqlScript.Type to, boolean tryCast) {
      super(to);
      this.arg = arg;
      this.tryCast = tryCast;
    }

    Object eval(Ctx c) {
      Object v = arg.eval(c);
      if (v == null) return null;
      if (arg.type == type) return v;
      if (arg.type != SqlScript.Type.STRING)
        throw new IllegalStateException("cast from " + arg.type + " is outside the subset");
      String s = (String) v;
      Object out;
      switch (type) {
        case DOUBLE:
          out = Casts.toDouble(s);
          break;
        case BIGINT:
          out = Casts.toLong(s);
          break;
        case BOOLEAN:
          out = Casts.toBoolean(s);
          break;
        case INT:
          {
            Long l = Casts.toLong(s);
            out = l != null && l == l.intValue() ? Integer.valueOf(l.intValue()) : null;
            break;
          }
        default:
          throw new IllegalStateException("cast to " + type + " is outside the subset");
      }
      if (out == null && !tryCast)
        throw new JsonFunctions.JobFailure("CAST('" + s + "' AS " + type + ") failed");
      return out;
    }
  }

  enum Op {
    EQ("="),
    NE("<>"),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">=");
    final String sql;

    Op(String sql) {
      this.sql = sql;
    }
  }

  /**
   * A comparison (ScalarOperatorGens.generateComparison; the comparison convertlet adds no cast
   * between NUMERIC operands). Strings compare as BinaryStringData does (UTF-8 bytes,
   * unsigned). A DOUBLE against an INT/BIGINT/DOUBLE compares with Java's primitive operators
   * (NaN is unequal to everything, -0.0 == 0.0); a DOUBLE against a DECIMAL literal (`12.25`)
   * with Double.compare (NaN is greatest and equal to itself, -0.0 < 0.0); other numbers
   * exactly; booleans false < true. NULL on either side is UNKNOWN (generateOperatorIfNotNull
   * runs both operands' code first, then tests their null flags).
   */
  static final class Compare extends Expr {
    final Op op;
    final Expr left, right;

    Compare(Op op, Expr left, Expr right) {
      super(SqlScript.Type.BOOLEAN);
      this.op = op;
      this.left = left;
      this.right = right;
    }

    Object eval(Ctx c) {
      Object a = left.eval(c);
      Object b = right.eval(c);
      if (a == null || b == null) return null;
      return compare(op, a, left.type, b, right.type);
    }

    static Boolean compare(Op op, Object a, SqlScript.Type ta, Object b, SqlScript.Type tb) {
      boolean dbl = ta == SqlScript.Type.DOUBLE || tb == SqlScript.Type.DOUBLE;
      boolean dec = ta == SqlScript.Type.DECIMAL || tb == SqlScript.Type.DECIMAL;
      if (dbl && dec) {
        // ScalarOperatorGens.generateComparison with a DECIMAL side: DecimalDataUtils.compare(
        // double, DecimalData) = -Double.compare(doubleValue(dec), d), so Double.compare's order:
        // NaN above everything and equal to itself, -0.0 below 0.0
        return outcome(op, Double.compare(toDouble(a), toDouble(b)));
      }
      if (dbl) {
        // both numeric, no DECIMAL: a primitive Java comparison of doubles (NaN compares false,
        // -0.0 == 0.0)
        double x = toDouble(a), y = toDouble(b);
        switch (op) {
          case EQ:
            return x == y;
          case NE:
            return x != y;
          case LT:
            return x < y;
          case LE:
            return x <= y;
          case GT:
            return x > y;
          case GE:
            return x >= y;
        }
      }
      int k;
      if (a instanceof String) k = Casts.compareStrings((String) a, (String) b);
      else if (a instanceof Boolean) k = Boolean.compare((Boolean) a, (Boolean) b);
      else k = toDecimal(a).compareTo(toDecimal(b));
      return outcome(op, k);
    }

    private static Boolean outcome(Op op, int k) {
      switch (op) {
        case EQ:
          return k == 0;
        case NE:
          return k != 0;
        case LT:
          return k < 0;
        case LE:
          return k <= 0;
        case GT:
          return k > 0;
        case GE:
          return k >= 0;
      }
      throw new IllegalStateException();
    }

    private static double toDouble(Object o) {
      if (o instanceof BigDecimal) return ((BigDecimal) o).doubleValue();
      return ((Number) o).doubleValue();
    }

    private static BigDecimal toDecimal(Object o) {
      if (o instanceof BigDecimal) return (BigDecimal) o;
      return BigDecimal.valueOf(((Number) o).longValue());
    }
  }

  /** IS [NOT] NULL: never UNKNOWN. */
  static final class IsNull extends Expr {
    final Expr arg;
    final boolean negated;

    IsNull(Expr arg, boolean negated) {
      super(SqlScript.Type.BOOLEAN);
      this.arg = arg;
      this.negated = negated;
    }

    Object eval(Ctx c) {
      return (arg.eval(c) == null) != negated;
    }
  }

  /**
   * REGEXP(s, 'pattern'): SqlFunctionUtils.regExp (flink-table-runtime, functions):
   * FALSE for an empty pattern; otherwise REGEXP_PATTERN_CACHE.get(regex).matcher(s).find(0),
   * and any Exception (a pattern that does not compile) is logged and gives FALSE. An Error
   * (StackOverflowError on a deep backtrack) is not caught and fails the job. A NULL argument
   * gives NULL (the call is generated with generateCallIfArgsNotNull).
   */
  static final class Regexp extends Expr {
    final Expr arg;
    final String regex;
    private Pattern compiled;
    private boolean compileFailed;

    Regexp(Expr arg, String regex) {
      super(SqlScript.Type.BOOLEAN);
      this.arg = arg;
      this.regex = regex;
      try {
        compiled = Pattern.compile(regex);
      } catch (Exception e) {
        compileFailed = true;
      }
    }

    Object eval(Ctx c) {
      Object v = arg.eval(c);
      if (v == null) return null;
      if (regex.length() == 0) return false;
      if (compileFailed) return false;
      try {
        return compiled.matcher((String) v).find(0);
      } catch (StackOverflowError e) {
        throw new JsonFunctions.JobFailure("StackOverflowError in REGEXP '" + regex + "'");
      } catch (Exception e) {
        return false;
      }
    }
  }

  /**
   * AND: ScalarOperatorGens.generateAnd, left to right; the right operand's code runs only when
   * the left is not FALSE (so an exception there only fails the job then). FALSE wins, then
   * UNKNOWN.
   */
  static final class And extends Expr {
    final List<Expr> args;

    And(List<Expr> args) {
      super(SqlScript.Type.BOOLEAN);
      this.args = args;
    }

    Object eval(Ctx c) {
      boolean unknown = false;
      for (Expr e : args) {
        Object v = e.eval(c);
        if (v == null) unknown = true;
        else if (!(Boolean) v) return false;
      }
      return unknown ? null : Boolean.TRUE;
    }
  }

  /** OR: ScalarOperatorGens.generateOr, the mirror image: TRUE short-circuits. */
  static final class Or extends Expr {
    final List<Expr> args;

    Or(List<Expr> args) {
      super(SqlScript.Type.BOOLEAN);
      this.args = args;
    }

    Object eval(Ctx c) {
      boolean unknown = false;
      for (Expr e : args) {
        Object v = e.eval(c);
        if (v == null) unknown = true;
        else if ((Boolean) v) return true;
      }
      return unknown ? null : Boolean.FALSE;
    }
  }

  /** NOT: UNKNOWN stays UNKNOWN. */
  static final class Not extends Expr {
    final Expr arg;

    Not(Expr arg) {
      super(SqlScript.Type.BOOLEAN);
      this.arg = arg;
    }

    Object eval(Ctx c) {
      Object v = arg.eval(c);
      return v == null ? null : !(Boolean) v;
    }
  }
}
