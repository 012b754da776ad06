// What Flink's REGEXP does with each pattern of a corpus: compile-ok or the
// PatternSyntaxException, then per subject the result of
// Pattern.compile(p).matcher(s).find(0), as SqlFunctionUtils.regExp
// (flink-table-runtime) calls it. regExp returns FALSE for an empty pattern
// and catches Exception (-> FALSE), but not StackOverflowError: that one
// fails the task, so it is reported as SOE. A match that runs past the time
// budget is reported as SLOW (Java has no match limit: Flink would stall).
//
// Corpus lines (tests/regex/corpus.tsv): EXPECT<TAB>PATTERN<TAB>SUBJECT...
// Fields are percent-encoded (%XX is a UTF-8 byte, %25 a '%'); a subject
// "~N*TEXT" is TEXT repeated N times. Output, one line per corpus line:
// OK|ERR then a TAB and T|F|SOE|SLOW per subject.
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

public class JavaRegexProbe {
  static final class Slow extends RuntimeException {
    Slow() {
      super("time budget exceeded", null, false, false);
    }
  }

  /** A subject that throws Slow once the deadline has passed. */
  static final class Deadline implements CharSequence {
    final String s;
    final long deadline;
    int calls;

    Deadline(String s, long deadline) {
      this.s = s;
      this.deadline = deadline;
    }

    public char charAt(int i) {
      if ((++calls & 0xfff) == 0 && System.nanoTime() > deadline) throw new Slow();
      return s.charAt(i);
    }

    public int length() {
      return s.length();
    }

    public CharSequence subSequence(int a, int b) {
      return s.subSequence(a, b);
    }

    public String toString() {
      return s;
    }
  }

  static String decode(String f) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] b = f.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < b.length; i++) {
      if (b[i] == '%' && i + 2 < b.length) {
        out.write(Integer.parseInt(new String(b, i + 1, 2, StandardCharsets.US_ASCII), 16));
        i += 2;
      } else {
        out.write(b[i]);
      }
    }
    return new String(out.toByteArray(), StandardCharsets.UTF_8);
  }

  static String subject(String f) {
    if (f.startsWith("~")) {
      int star = f.indexOf('*');
      int n = Integer.parseInt(f.substring(1, star));
      return decode(f.substring(star + 1)).repeat(n);
    }
    return decode(f);
  }

  static long budgetNanos;

  // SqlFunctionUtils.regExp(s, regex): "" -> false; find(0); Exception -> false.
  static String find(Pattern p, String s) {
    try {
      return p.matcher(new Deadline(s, System.nanoTime() + budgetNanos)).find(0) ? "T" : "F";
    } catch (Slow e) {
      return "SLOW";
    } catch (StackOverflowError e) {
      return "SOE";
    }
  }

  static void probe(String line, StringBuilder out) {
    String[] f = line.split("\t", -1);
    String pattern = decode(f[1]);
    Pattern p;
    try {
      p = Pattern.compile(pattern);
      out.append(pattern.isEmpty() ? "EMPTY" : "OK");
    } catch (PatternSyntaxException e) {
      out.append("ERR");
      p = null;
    } catch (RuntimeException e) { // e.g. ArithmeticException on {99999999999}
      out.append("ERR");
      p = null;
    }
    for (int i = 2; i < f.length; i++)
      out.append('\t').append(p == null || pattern.isEmpty() ? "F" : find(p, subject(f[i])));
    out.append('\n');
  }

  public static void main(String[] args) throws Exception {
    budgetNanos = (long) (Double.parseDouble(args.length > 1 ? args[1] : "2") * 1e9);
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(
             new InputStreamReader(new FileInputStream(args[0]), StandardCharsets.UTF_8))) {
      for (String l; (l = r.readLine()) != null;)
        if (!l.isEmpty() && !l.startsWith("#")) lines.add(l);
    }
    StringBuilder out = new StringBuilder();
    // A thread with the JVM's default stack size (-Xss, 1 MiB on x86-64
    // Linux), as Flink's task threads have; the launcher's main thread may
    // differ.
    Thread t = new Thread(null, () -> {
      for (String l : lines) probe(l, out);
    }, "probe", 0);
    t.start();
    t.join();
    System.out.print(out);
  }
}
