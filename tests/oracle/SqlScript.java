import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The generated .sql file, read by a small recursive-descent parser of exactly the subset of
 * Flink SQL that `filterc generate` emits. Anything else is a SqlError (the oracle exits 2), so a
 * generator change cannot slip past the oracle unjudged.
 *
 * <pre>
 * script    := { statement ';' }
 * statement := CREATE TABLE [IF NOT EXISTS] ident '(' column {',' column} ')'
 *                WITH '(' option {',' option} ')'
 *            | EXECUTE STATEMENT SET BEGIN { insert ';' } END
 *            | insert
 * insert    := INSERT INTO ident SELECT item {',' item} FROM ident WHERE cond
 * item      := ident | string AS ident | CAST '(' NULL AS type ')' AS ident
 * cond      := conj { OR conj }        conj := neg { AND neg }
 * neg       := NOT neg | primary
 * primary   := '(' cond ')' | TRUE | FALSE | REGEXP '(' value ',' string ')'
 *            | value ( cmp literal | IS [NOT] NULL | [NOT] IN '(' literal {',' literal} ')'
 *                    | [NOT] BETWEEN literal AND literal )
 * value     := ident | JSON_VALUE '(' ident ',' string [RETURNING type] ')'
 *            | (TRY_CAST | CAST) '(' value AS type ')'
 * literal   := string | ['-'] number | TRUE | FALSE
 * </pre>
 */
final class SqlScript {
  enum Type {
    STRING,
    BIGINT,
    DOUBLE,
    BOOLEAN,
    INT,
    DECIMAL // literals only
  }

  static final class SqlError extends Exception {
    private static final long serialVersionUID = 1L;

    SqlError(String m) {
      super(m);
    }
  }

  static final class Column {
    final String name;
    final Type type;

    Column(String name, Type type) {
      this.name = name;
      this.type = type;
    }
  }

  static final class Table {
    final String name;
    final List<Column> columns = new ArrayList<>();
    final Map<String, String> options = new LinkedHashMap<>();

    Table(String name) {
      this.name = name;
    }

    Column column(String n) {
      for (Column c : columns) if (c.name.equals(n)) return c;
      return null;
    }
  }

  static final class Insert {
    String target;
    String source;
    Expr where;
    boolean inStatementSet;
    final Set<String> columnsRead = new LinkedHashSet<>();
    int line;
  }

  final String file;
  final Map<String, Table> tables = new LinkedHashMap<>();
  final List<Insert> inserts = new ArrayList<>();
  Table source;

  // ---- lexer --------------------------------------------------------------

  private enum K {
    WORD,
    IDENT,
    STRING,
    NUMBER,
    PUNCT,
    EOF
  }

  private static final class Tok {
    final K kind;
    final String text;
    final int line, col;

    Tok(K kind, String text, int line, int col) {
      this.kind = kind;
      this.text = text;
      this.line = line;
      this.col = col;
    }
  }

  private final List<Tok> toks = new ArrayList<>();
  private int pos;

  private SqlScript(String file) {
    this.file = file;
  }

  static SqlScript parse(Path path) throws Exception {
    String text = new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
    SqlScript s = new SqlScript(path.toString());
    s.lex(text);
    s.script();
    return s;
  }

  private SqlError err(int line, int col, String msg) {
    return new SqlError(file + ":" + line + ":" + col + ": " + msg);
  }

  private void lex(String s) throws SqlError {
    int i = 0, line = 1, lineStart = 0, n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      int col = i - lineStart + 1;
      if (c == '\n') {
        i++;
        line++;
        lineStart = i;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        i++;
      } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
        while (i < n && s.charAt(i) != '\n') i++;
      } else if (c == '`') {
        StringBuilder b = new StringBuilder();
        i++;
        while (true) {
          if (i >= n) throw err(line, col, "unterminated `identifier`");
          char d = s.charAt(i);
          if (d == '`') {
            if (i + 1 < n && s.charAt(i + 1) == '`') {
              b.append('`');
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (d == '\n') throw err(line, col, "line break inside an identifier");
          b.append(d);
          i++;
        }
        toks.add(new Tok(K.IDENT, b.toString(), line, col));
      } else if (c == '\'') {
        StringBuilder b = new StringBuilder();
        i++;
        while (true) {
          if (i >= n) throw err(line, col, "unterminated string literal");
          char d = s.charAt(i);
          if (d == '\'') {
            if (i + 1 < n && s.charAt(i + 1) == '\'') {
              b.append('\'');
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (d == '\n') {
            line++;
            lineStart = i + 1;
          }
          b.append(d);
          i++;
        }
        toks.add(new Tok(K.STRING, b.toString(), line, col));
      } else if (c >= '0' && c <= '9' || c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1))) {
        int st = i;
        while (i < n && Character.isDigit(s.charAt(i))) i++;
        if (i < n && s.charAt(i) == '.') {
          i++;
          while (i < n && Character.isDigit(s.charAt(i))) i++;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
          i++;
          if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
          if (i >= n || !Character.isDigit(s.charAt(i))) throw err(line, col, "bad number");
          while (i < n && Character.isDigit(s.charAt(i))) i++;
        }
        if (i < n && (Character.isLetter(s.charAt(i)) || s.charAt(i) == '_'))
          throw err(line, col, "bad number");
        toks.add(new Tok(K.NUMBER, s.substring(st, i), line, col));
      } else if (Character.isLetter(c) || c == '_') {
        int st = i;
        while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) i++;
        toks.add(new Tok(K.WORD, s.substring(st, i).toUpperCase(Locale.ROOT), line, col));
      } else if (c == '<' && i + 1 < n && (s.charAt(i + 1) == '>' || s.charAt(i + 1) == '=')
          || c == '>' && i + 1 < n && s.charAt(i + 1) == '=') {
        toks.add(new Tok(K.PUNCT, s.substring(i, i + 2), line, col));
        i += 2;
      } else if ("(),;=<>-".indexOf(c) >= 0) {
        toks.add(new Tok(K.PUNCT, String.valueOf(c), line, col));
        i++;
      } else {
        throw err(line, col, "character '" + c + "' is outside the SQL subset the oracle reads");
      }
    }
    toks.add(new Tok(K.EOF, "end of file", line, 1));
  }

  // ---- parser helpers -----------------------------------------------------

  private Tok peek() {
    return toks.get(pos);
  }

  private Tok peek(int k) {
    return toks.get(Math.min(pos + k, toks.size() - 1));
  }

  private boolean isWord(String w) {
    return peek().kind == K.WORD && peek().text.equals(w);
  }

  private boolean isPunct(String p) {
    return peek().kind == K.PUNCT && peek().text.equals(p);
  }

  private boolean acceptWord(String w) {
    if (!isWord(w)) return false;
    pos++;
    return true;
  }

  private boolean acceptPunct(String p) {
    if (!isPunct(p)) return false;
    pos++;
    return true;
  }

  private SqlError unexpected(String expected) {
    Tok t = peek();
    return err(t.line, t.col, "expected " + expected + ", found '" + t.text + "'");
  }

  private void word(String w) throws SqlError {
    if (!acceptWord(w)) throw unexpected(w);
  }

  private void punct(String p) throws SqlError {
    if (!acceptPunct(p)) throw unexpected("'" + p + "'");
  }

  private String ident() throws SqlError {
    if (peek().kind != K.IDENT) throw unexpected("a `quoted identifier`");
    return toks.get(pos++).text;
  }

  private String string() throws SqlError {
    if (peek().kind != K.STRING) throw unexpected("a string literal");
    return toks.get(pos++).text;
  }

  // ---- statements ---------------------------------------------------------

  private void script() throws SqlError {
    while (peek().kind != K.EOF) {
      if (isWord("CREATE")) createTable();
      else if (isWord("EXECUTE")) statementSet();
      else if (isWord("INSERT")) insert(false);
      else throw unexpected("CREATE TABLE, EXECUTE STATEMENT SET or INSERT INTO");
      punct(";");
    }
    for (Insert ins : inserts) {
      if (source == null) source = tables.get(ins.source);
      else if (!source.name.equals(ins.source))
        throw err(ins.line, 1, "INSERTs read different source tables");
    }
    if (source == null && !tables.isEmpty()) source = tables.values().iterator().next();
  }

  private static Type type(String word) {
    switch (word) {
      case "STRING":
        return Type.STRING;
      case "BIGINT":
        return Type.BIGINT;
      case "DOUBLE":
        return Type.DOUBLE;
      case "BOOLEAN":
        return Type.BOOLEAN;
      case "INT":
      case "INTEGER":
        return Type.INT;
      default:
        return null;
    }
  }

  private Type parseType() throws SqlError {
    Tok t = peek();
    Type ty = t.kind == K.WORD ? type(t.text) : null;
    if (ty == null) throw unexpected("a type (STRING, BIGINT, DOUBLE, BOOLEAN, INT)");
    pos++;
    return ty;
  }

  private void createTable() throws SqlError {
    word("CREATE");
    word("TABLE");
    if (acceptWord("IF")) {
      word("NOT");
      word("EXISTS");
    }
    Tok at = peek();
    Table t = new Table(ident());
    if (tables.containsKey(t.name)) throw err(at.line, at.col, "table " + t.name + " created twice");
    punct("(");
    do {
      Tok ct = peek();
      String name = ident();
      Type ty = parseType();
      if (t.column(name) != null) throw err(ct.line, ct.col, "column " + name + " declared twice");
      t.columns.add(new Column(name, ty));
    } while (acceptPunct(","));
    punct(")");
    word("WITH");
    punct("(");
    do {
      Tok kt = peek();
      String k = string();
      punct("=");
      String v = string();
      if (t.options.put(k, v) != null) throw err(kt.line, kt.col, "option '" + k + "' given twice");
    } while (acceptPunct(","));
    punct(")");
    tables.put(t.name, t);
  }

  private void statementSet() throws SqlError {
    word("EXECUTE");
    word("STATEMENT");
    word("SET");
    word("BEGIN");
    while (!isWord("END")) {
      insert(true);
      punct(";");
    }
    word("END");
  }

  private void insert(boolean inSet) throws SqlError {
    Insert ins = new Insert();
    ins.line = peek().line;
    ins.inStatementSet = inSet;
    word("INSERT");
    word("INTO");
    Tok tt = peek();
    ins.target = ident();
    Table target = tables.get(ins.target);
    if (target == null) throw err(tt.line, tt.col, "INSERT INTO undeclared table " + ins.target);
    word("SELECT");
    List<Object[]> items = new ArrayList<>(); // {name, isColumn}
    do {
      Tok it = peek();
      if (it.kind == K.IDENT) {
        String c = ident();
        items.add(new Object[] {c, Boolean.TRUE, it});
      } else if (it.kind == K.STRING) {
        string();
        word("AS");
        items.add(new Object[] {ident(), Boolean.FALSE, it});
      } else if (isWord("CAST")) {
        word("CAST");
        punct("(");
        word("NULL");
        word("AS");
        parseType();
        punct(")");
        word("AS");
        items.add(new Object[] {ident(), Boolean.FALSE, it});
      } else throw unexpected("a column, a 'constant' AS `name` or CAST(NULL AS type) AS `name`");
    } while (acceptPunct(","));
    word("FROM");
    Tok st = peek();
    ins.source = ident();
    Table src = tables.get(ins.source);
    if (src == null) throw err(st.line, st.col, "FROM undeclared table " + ins.source);
    if (items.size() != target.columns.size())
      throw err(tt.line, tt.col, "SELECT has " + items.size() + " items, " + ins.target
          + " has " + target.columns.size() + " columns");
    for (int i = 0; i < items.size(); i++) {
      String name = (String) items.get(i)[0];
      Tok it = (Tok) items.get(i)[2];
      if (!name.equals(target.columns.get(i).name))
        throw err(it.line, it.col, "SELECT item " + name + " does not match sink column "
            + target.columns.get(i).name);
      if ((Boolean) items.get(i)[1]) {
        if (src.column(name) == null)
          throw err(it.line, it.col, "column " + name + " is not in " + src.name);
        ins.columnsRead.add(name);
      }
    }
    word("WHERE");
    ins.where = cond(src, ins);
    if (ins.where.type != Type.BOOLEAN) throw unexpected("a condition");
    inserts.add(ins);
  }

  // ---- conditions ---------------------------------------------------------

  private Expr cond(Table src, Insert ins) throws SqlError {
    List<Expr> args = new ArrayList<>();
    args.add(conj(src, ins));
    while (acceptWord("OR")) args.add(conj(src, ins));
    return args.size() == 1 ? args.get(0) : new Expr.Or(args);
  }

  private Expr conj(Table src, Insert ins) throws SqlError {
    List<Expr> args = new ArrayList<>();
    args.add(neg(src, ins));
    while (acceptWord("AND")) args.add(neg(src, ins));
    return args.size() == 1 ? args.get(0) : new Expr.And(args);
  }

  private Expr neg(Table src, Insert ins) throws SqlError {
    if (acceptWord("NOT")) return new Expr.Not(neg(src, ins));
    return primary(src, ins);
  }

  private Expr primary(Table src, Insert ins) throws SqlError {
    if (acceptPunct("(")) {
      Expr e = cond(src, ins);
      punct(")");
      return e;
    }
    if (acceptWord("TRUE")) return new Expr.Literal(Boolean.TRUE, Type.BOOLEAN);
    if (acceptWord("FALSE")) return new Expr.Literal(Boolean.FALSE, Type.BOOLEAN);
    if (isWord("REGEXP")) {
      Tok at = peek();
      word("REGEXP");
      punct("(");
      Expr v = value(src, ins);
      if (v.type != Type.STRING) throw err(at.line, at.col, "REGEXP on a non-STRING value");
      punct(",");
      String p = string();
      punct(")");
      return new Expr.Regexp(v, p);
    }
    Tok at = peek();
    Expr v = value(src, ins);
    if (acceptWord("IS")) {
      boolean not = acceptWord("NOT");
      word("NULL");
      return new Expr.IsNull(v, not);
    }
    boolean not = acceptWord("NOT");
    if (acceptWord("IN")) {
      punct("(");
      List<Expr> args = new ArrayList<>();
      do {
        Expr lit = literal(v.type, at);
        // Calcite: x IN (a, b) is x = a OR x = b; NOT IN is x <> a AND x <> b
        args.add(new Expr.Compare(not ? Expr.Op.NE : Expr.Op.EQ, v, lit));
      } while (acceptPunct(","));
      punct(")");
      if (args.size() == 1) return args.get(0);
      return not ? new Expr.And(args) : new Expr.Or(args);
    }
    if (acceptWord("BETWEEN")) {
      Expr lo = literal(v.type, at);
      word("AND");
      Expr hi = literal(v.type, at);
      // SqlBetweenOperator (StandardConvertletTable.convertBetween): x >= lo AND x <= hi
      if (not)
        return new Expr.Or(
            List.of(new Expr.Compare(Expr.Op.LT, v, lo), new Expr.Compare(Expr.Op.GT, v, hi)));
      return new Expr.And(
          List.of(new Expr.Compare(Expr.Op.GE, v, lo), new Expr.Compare(Expr.Op.LE, v, hi)));
    }
    if (not) throw unexpected("IN or BETWEEN after NOT");
    Tok ot = peek();
    Expr.Op op = null;
    if (ot.kind == K.PUNCT)
      for (Expr.Op o : Expr.Op.values()) if (o.sql.equals(ot.text)) op = o;
    if (op == null) throw unexpected("a comparison, IS [NOT] NULL, IN or BETWEEN");
    pos++;
    return new Expr.Compare(op, v, literal(v.type, at));
  }

  private Expr value(Table src, Insert ins) throws SqlError {
    Tok t = peek();
    if (t.kind == K.IDENT) {
      String name = ident();
      Column c = src.column(name);
      if (c == null) throw err(t.line, t.col, "column " + name + " is not in " + src.name);
      ins.columnsRead.add(name);
      return new Expr.Col(name, c.type);
    }
    if (acceptWord("JSON_VALUE")) {
      punct("(");
      Expr in = value(src, ins);
      if (!(in instanceof Expr.Col) || in.type != Type.STRING)
        throw err(t.line, t.col, "JSON_VALUE of something other than a STRING column");
      punct(",");
      String path = string();
      Type ret = Type.STRING;
      if (acceptWord("RETURNING")) ret = parseType();
      punct(")");
      return new Expr.JsonValue(in, path, ret);
    }
    boolean tryCast = isWord("TRY_CAST");
    if (acceptWord("TRY_CAST") || acceptWord("CAST")) {
      punct("(");
      Expr arg = value(src, ins);
      word("AS");
      Type to = parseType();
      punct(")");
      if (arg.type != Type.STRING && arg.type != to)
        throw err(t.line, t.col, "cast from " + arg.type + " is outside the subset");
      return new Expr.Cast(arg, to, tryCast);
    }
    throw unexpected("a column, JSON_VALUE(...) or [TRY_]CAST(...)");
  }

  /** A literal compared with a value of type `want`; Calcite's literal typing. */
  private Expr literal(Type want, Tok at) throws SqlError {
    Tok t = peek();
    if (t.kind == K.STRING) {
      if (want != Type.STRING)
        throw err(t.line, t.col, "string literal compared with a " + want + " value");
      return new Expr.Literal(Casts.flinkString(string()), Type.STRING);
    }
    if (isWord("TRUE") || isWord("FALSE")) {
      if (want != Type.BOOLEAN)
        throw err(t.line, t.col, "boolean literal compared with a " + want + " value");
      return new Expr.Literal(acceptWord("TRUE") ? Boolean.TRUE : !acceptWord("FALSE"), Type.BOOLEAN);
    }
    boolean minus = acceptPunct("-");
    if (peek().kind != K.NUMBER) throw unexpected("a literal");
    String text = toks.get(pos++).text;
    if (want != Type.INT && want != Type.BIGINT && want != Type.DOUBLE)
      throw err(t.line, t.col, "numeric literal compared with a " + want + " value");
    BigDecimal d = new BigDecimal((minus ? "-" : "") + text);
    // Calcite: a literal with an exponent is an approximate numeric (DOUBLE); an exact one
    // without a point is INTEGER or BIGINT when it fits, otherwise DECIMAL
    if (text.indexOf('e') >= 0 || text.indexOf('E') >= 0)
      return new Expr.Literal(d.doubleValue(), Type.DOUBLE);
    if (text.indexOf('.') < 0) {
      try {
        long l = d.longValueExact();
        if (l == (int) l) return new Expr.Literal((int) l, Type.INT);
        return new Expr.Literal(l, Type.BIGINT);
      } catch (ArithmeticException e) {
        // falls through: DECIMAL
      }
    }
    return new Expr.Literal(d, Type.DECIMAL);
  }
}
