import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Flink oracle: reads generated .sql files (SqlScript), decodes each line of a JSONL corpus
 * as the source table's format would (RowDecoder), and evaluates every INSERT's WHERE (Expr,
 * JsonFunctions, Casts), printing per line what Flink would do.
 *
 * <pre>
 * usage: Oracle [--json-floats double|bigdecimal] [--no-upstream] --events FILE --out DIR SQL...
 * </pre>
 *
 * Writes DIR/BASENAME.truth for each SQL file, one line per input line:
 *
 * <pre>
 *   LINENO TAB c...     one character per INSERT, in file order: T, F, U (UNKNOWN), or J (the
 *                       generated code throws: the job fails)
 *   LINENO TAB BLANK    an empty message (deserialize returns null: nothing happens)
 *   LINENO TAB DROPPED  the format cannot decode it and skips it (json.ignore-parse-errors, or
 *                       Confluent's error-handling.mode ignore/log)
 *   LINENO TAB JOB_FAILURE  the format cannot decode it and the job fails
 * </pre>
 *
 * followed, after a TAB, by a short reason for J/DROPPED/JOB_FAILURE. Exit 0, or 2 with a message
 * for a SQL file outside the subset or an I/O error.
 */
public final class Oracle {
  /** How a source table reads its messages. */
  private static final class Job {
    final SqlScript script;
    final Path out;
    final List<RowDecoder> decoders = new ArrayList<>(); // per INSERT (shared in a statement set)
    final List<Map<String, Integer>> slots = new ArrayList<>();
    final String recordFailure; // what a record the format rejects does: DROPPED or JOB_FAILURE

    Job(SqlScript script, Path out) throws SqlScript.SqlError {
      this.script = script;
      this.out = out;
      SqlScript.Table src = script.source;
      Map<String, String> o = src.options;
      boolean ignore;
      String format = o.get("format"), valueFormat = o.get("value.format");
      for (String k : o.keySet())
        if (!KNOWN_OPTIONS.contains(k) && !k.startsWith("properties."))
          throw new SqlScript.SqlError(
              script.file + ": source option '" + k + "' is outside what the oracle models");
      if ("json".equals(format) && valueFormat == null) {
        // JsonFormatFactory: 'json.ignore-parse-errors' (default false)
        ignore = "true".equalsIgnoreCase(o.getOrDefault("json.ignore-parse-errors", "false"));
        recordFailure = ignore ? "DROPPED" : "JOB_FAILURE";
      } else if ("json-registry".equals(valueFormat) && format == null) {
        // Confluent Cloud: a record that cannot be deserialized fails the statement unless the
        // table sets 'error-handling.mode' = 'ignore' or 'log' (Confluent, "Configure a Dead
        // Letter Queue"). Its decoder is not public; modelled as Flink's json decoder without
        // per-field leniency: any field that does not convert rejects the record.
        String mode = o.getOrDefault("error-handling.mode", "fail");
        switch (mode) {
          case "fail":
            recordFailure = "JOB_FAILURE";
            break;
          case "ignore":
          case "log":
            recordFailure = "DROPPED";
            break;
          default:
            throw new SqlScript.SqlError(script.file + ": unknown error-handling.mode " + mode);
        }
        ignore = false;
      } else {
        throw new SqlScript.SqlError(
            script.file + ": source format outside the oracle's models: format=" + format
                + ", value.format=" + valueFormat);
      }
      boolean failOnMissing =
          "true".equalsIgnoreCase(o.getOrDefault("json.fail-on-missing-field", "false"));
      // The projection pushed into the format: the columns the job reads. One job for a
      // statement set (the planner reuses one source scan with the union of the projections),
      // one job per INSERT otherwise.
      Set<String> union = new LinkedHashSet<>();
      for (SqlScript.Insert ins : script.inserts) if (ins.inStatementSet) union.addAll(ins.columnsRead);
      RowDecoder shared = null;
      Map<String, Integer> sharedSlots = null;
      for (SqlScript.Insert ins : script.inserts) {
        Set<String> cols = ins.inStatementSet ? union : ins.columnsRead;
        if (ins.inStatementSet && shared != null) {
          decoders.add(shared);
          slots.add(sharedSlots);
          continue;
        }
        List<SqlScript.Column> projected = new ArrayList<>();
        for (SqlScript.Column c : src.columns) if (cols.contains(c.name)) projected.add(c);
        RowDecoder d = new RowDecoder(projected, ignore, failOnMissing);
        Map<String, Integer> s = new HashMap<>();
        for (int i = 0; i < projected.size(); i++) s.put(projected.get(i).name, i);
        decoders.add(d);
        slots.add(s);
        if (ins.inStatementSet) {
          shared = d;
          sharedSlots = s;
        }
      }
    }
  }

  private static final Set<String> KNOWN_OPTIONS =
      Set.of(
          "connector",
          "topic",
          "scan.startup.mode",
          "format",
          "json.ignore-parse-errors",
          "json.fail-on-missing-field",
          "value.format",
          "error-handling.mode",
          "error-handling.log.target");

  private static String oneLine(String s) {
    String t = s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    return t.length() > 200 ? t.substring(0, 200) + "..." : t;
  }

  public static void main(String[] args) throws IOException {
    JsonFunctions.Floats floats = JsonFunctions.Floats.BIGDECIMAL;
    boolean upstream = true;
    String events = null, outDir = null;
    List<String> sqls = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--json-floats":
          floats = JsonFunctions.Floats.valueOf(args[++i].toUpperCase(java.util.Locale.ROOT));
          break;
        case "--no-upstream":
          upstream = false;
          break;
        case "--events":
          events = args[++i];
          break;
        case "--out":
          outDir = args[++i];
          break;
        default:
          if (args[i].startsWith("-")) usage("unknown option " + args[i]);
          sqls.add(args[i]);
      }
    }
    if (events == null || outDir == null || sqls.isEmpty()) usage("need --events, --out and SQL files");
    List<Job> jobs = new ArrayList<>();
    try {
      for (String f : sqls) {
        SqlScript s = SqlScript.parse(Paths.get(f));
        if (s.source == null) throw new SqlScript.SqlError(f + ": no source table");
        jobs.add(new Job(s, Paths.get(outDir, Paths.get(f).getFileName() + ".truth")));
      }
    } catch (SqlScript.SqlError e) {
      System.err.println("oracle: " + e.getMessage());
      System.exit(2);
    } catch (Exception e) {
      System.err.println("oracle: " + e);
      System.exit(2);
    }
    byte[] data = Files.readAllBytes(Paths.get(events));
    List<BufferedWriter> outs = new ArrayList<>();
    for (Job j : jobs)
      outs.add(
          new BufferedWriter(
              new OutputStreamWriter(Files.newOutputStream(j.out), StandardCharsets.UTF_8), 1 << 16));
    Expr.Ctx ctx = new Expr.Ctx();
    ctx.json = new JsonFunctions(floats);
    long lineno = 0;
    int start = 0;
    while (start < data.length) {
      int end = start;
      while (end < data.length && data[end] != '\n') end++;
      int stop = end > start && data[end - 1] == '\r' ? end - 1 : end;
      byte[] line = java.util.Arrays.copyOfRange(data, start, stop);
      start = end + 1;
      lineno++;
      ctx.jsonDocs.clear();
      ctx.rows.clear();
      byte[] message = line;
      String upstreamInvalid = null;
      if (upstream && line.length > 0 && mayBeOtherShape(line)) {
        Upstream.Result r = Upstream.rewrite(new String(line, StandardCharsets.UTF_8));
        if (r != null && r.invalid != null) upstreamInvalid = r.invalid;
        else if (r != null) message = r.text.getBytes(StandardCharsets.UTF_8);
      }
      for (int k = 0; k < jobs.size(); k++) {
        outs.get(k).write(judge(jobs.get(k), ctx, lineno, message, upstreamInvalid));
        outs.get(k).write('\n');
      }
    }
    for (BufferedWriter w : outs) w.close();
  }

  /**
   * The decoded row, a DecodeFailure, or null (dropped). Per line, a strict decode (as without
   * ignore-parse-errors) is shared by every decoder of the same projection: when it throws
   * nothing, the lenient decode runs the same statements and gives the same row, so only a
   * failed strict decode is redone leniently.
   */
  private static Object decode(RowDecoder d, Expr.Ctx ctx, byte[] message) {
    Object strict;
    if (ctx.rows.containsKey(d.signature)) strict = ctx.rows.get(d.signature);
    else {
      try {
        strict = d.deserialize(message, false);
      } catch (RowDecoder.DecodeFailure e) {
        strict = e;
      }
      ctx.rows.put(d.signature, strict);
    }
    if (!(strict instanceof RowDecoder.DecodeFailure) || !d.ignoresParseErrors()) return strict;
    String key = d.signature + "\u0000lenient";
    if (ctx.rows.containsKey(key)) return ctx.rows.get(key);
    Object lenient;
    try {
      lenient = d.deserialize(message, true);
    } catch (RowDecoder.DecodeFailure e) {
      lenient = e; // cannot happen: the lenient decode returns null instead
    }
    ctx.rows.put(key, lenient);
    return lenient;
  }

  private static String judge(Job job, Expr.Ctx ctx, long lineno, byte[] message, String upstreamInvalid) {
    StringBuilder b = new StringBuilder().append(lineno).append('\t');
    if (message.length == 0) return b.append("BLANK").toString();
    if (upstreamInvalid != null)
      return b.append("DROPPED\tDebezium envelope: ").append(upstreamInvalid).toString();
    StringBuilder reasons = new StringBuilder();
    for (int i = 0; i < job.script.inserts.size(); i++) {
      RowDecoder d = job.decoders.get(i);
      Object decoded = decode(d, ctx, message);
      if (decoded instanceof RowDecoder.DecodeFailure)
        return b.append(job.recordFailure)
            .append('\t')
            .append(oneLine(((Exception) decoded).getMessage()))
            .toString();
      Object[] row = (Object[]) decoded;
      if (row == null) return b.append("DROPPED\tthe json format cannot decode the record").toString();
      ctx.row = row;
      ctx.slots = job.slots.get(i);
      char c;
      try {
        Object v = job.script.inserts.get(i).where.eval(ctx);
        c = v == null ? 'U' : (Boolean) v ? 'T' : 'F';
      } catch (JsonFunctions.JobFailure e) {
        c = 'J';
        if (reasons.length() == 0) reasons.append('\t').append(oneLine(e.getMessage()));
      }
      b.append(c);
    }
    return b.append(reasons).toString();
  }

  private static final byte[][] SHAPE_KEYS = {
    "\"op\"".getBytes(StandardCharsets.UTF_8),
    "\"eventHeader\"".getBytes(StandardCharsets.UTF_8),
    "\"payload\"".getBytes(StandardCharsets.UTF_8)
  };

  /**
   * Whether the line holds a key Upstream.rewrite looks for, as a quick filter: in a flat
   * message the keys inside event_data are escaped (\"op\"), so they do not match.
   */
  private static boolean mayBeOtherShape(byte[] line) {
    for (int i = 0; i < line.length; i++) {
      if (line[i] != '"' || i > 0 && line[i - 1] == '\\') continue;
      outer:
      for (byte[] k : SHAPE_KEYS) {
        if (i + k.length > line.length) continue;
        for (int j = 1; j < k.length; j++) if (line[i + j] != k[j]) continue outer;
        return true;
      }
    }
    return false;
  }

  private static void usage(String why) {
    System.err.println("oracle: " + why);
    System.err.println(
        "usage: Oracle [--json-floats double|bigdecimal] [--no-upstream] --events FILE --out DIR SQL...");
    System.exit(2);
  }
}
