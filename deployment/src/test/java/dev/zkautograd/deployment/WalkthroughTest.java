package dev.zkautograd.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/walkthrough.md stays true: every command of its console blocks runs, in order, in one bash
 * session in an empty folder (with {@code ./zk-autograd} being this build's command), and each
 * command's standard output must match what the page shows, under the placeholder convention the
 * page documents at its top. The commands are checked against the CLI's subcommands and options too.
 */
class WalkthroughTest {
  static final String PAGE = "docs/walkthrough.md";
  private static final String MARK = "@@zk-walkthrough@@";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(run|hex|b64|n|date|time)}}");

  record Command(String shell, List<String> expected) {}

  static List<Command> commands(String markdown) {
    List<Command> out = new ArrayList<>();
    boolean in = false;
    StringBuilder shell = null;
    List<String> expected = null;
    for (String line : markdown.split("\n", -1)) {
      if (!in) {
        in = line.equals("```console");
        continue;
      }
      if (line.equals("```")) {
        in = false;
        continue;
      }
      if (shell != null && shell.toString().endsWith("\\")) {
        shell.append('\n').append(line);
      } else if (line.startsWith("$ ")) {
        shell = new StringBuilder(line.substring(2));
        expected = new ArrayList<>();
        out.add(new Command(null, expected));
        out.set(out.size() - 1, new Command(shell.toString(), expected));
      } else {
        if (expected == null) throw new AssertionError(PAGE + ": output before any command: " + line);
        expected.add(line);
      }
      if (shell != null && !out.isEmpty()) out.set(out.size() - 1, new Command(shell.toString(), expected));
    }
    return out;
  }

  @Test
  void every_command_of_the_walkthrough_prints_what_the_page_says(@TempDir Path dir) throws Exception {
    List<Command> cmds = commands(Repo.text(PAGE));
    assertTrue(cmds.size() >= 8, "the walkthrough has " + cmds.size() + " commands");
    List<String> problems = new ArrayList<>();
    for (Command c : cmds) problems.addAll(RepoCommands.problems(c.shell(), PAGE));
    assertEquals(List.of(), problems);

    String launcher = "#!/usr/bin/env bash\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -Xmx2g -cp '"
        + System.getProperty("java.class.path") + "' dev.zkautograd.cli.Main \"$@\"\n";
    Files.writeString(dir.resolve("zk-autograd"), launcher);
    dir.resolve("zk-autograd").toFile().setExecutable(true);
    StringBuilder script = new StringBuilder("set +e\n");
    for (int i = 0; i < cmds.size(); i++) {
      script.append("echo '").append(MARK).append(i).append("'\n").append(cmds.get(i).shell()).append(" 2>>stderr.log\n")
          .append("rc=$?; [ $rc -ne 0 ] && echo \"[exit $rc]\"\n");
    }
    Files.writeString(dir.resolve("walkthrough.sh"), script);
    Process p = new ProcessBuilder("bash", "walkthrough.sh").directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("stdout.log").toFile()).start();
    if (!p.waitFor(8, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("the walkthrough took more than 8 minutes");
    }
    List<List<String>> actual = split(Files.readString(dir.resolve("stdout.log"), StandardCharsets.UTF_8), cmds.size());
    for (int i = 0; i < cmds.size(); i++) {
      String drift = compare(cmds.get(i).expected(), actual.get(i));
      if (drift != null) {
        String err = Files.exists(dir.resolve("stderr.log")) ? Files.readString(dir.resolve("stderr.log")) : "";
        throw new AssertionError(PAGE + ": the output of `" + cmds.get(i).shell() + "` drifted: " + drift + "\n--- actual:\n"
            + String.join("\n", actual.get(i)) + "\n--- stderr (tail):\n" + err.substring(Math.max(0, err.length() - 2000)));
      }
    }
  }

  static List<List<String>> split(String stdout, int n) {
    List<List<String>> out = new ArrayList<>();
    for (String line : stdout.split("\n", -1)) {
      if (line.startsWith(MARK)) {
        out.add(new ArrayList<>());
      } else if (!out.isEmpty()) {
        out.get(out.size() - 1).add(line);
      }
    }
    if (out.size() != n) throw new AssertionError("expected output of " + n + " commands, got " + out.size() + ":\n" + stdout);
    for (List<String> l : out) {
      while (!l.isEmpty() && l.get(l.size() - 1).isBlank()) l.remove(l.size() - 1);
    }
    return out;
  }

  /** Null when {@code actual} matches {@code expected} under the page's placeholders, else where it does not. */
  static String compare(List<String> expected, List<String> actual) {
    List<String> exp = new ArrayList<>(expected);
    while (!exp.isEmpty() && exp.get(exp.size() - 1).isBlank()) exp.remove(exp.size() - 1);
    return match(exp, 0, actual, 0);
  }

  private static String match(List<String> exp, int i, List<String> act, int j) {
    for (; i < exp.size(); i++, j++) {
      if (exp.get(i).strip().equals("{{...}}")) {
        for (int k = j; k <= act.size(); k++) {
          if (match(exp, i + 1, act, k) == null) return null;
        }
        return "nothing after line " + (j + 1) + " matches what follows {{...}}";
      }
      if (j >= act.size()) return "line " + (j + 1) + " is missing: expected \"" + exp.get(i) + "\"";
      if (!line(exp.get(i)).matcher(normal(act.get(j))).matches()) {
        return "line " + (j + 1) + ": expected \"" + exp.get(i) + "\", found \"" + act.get(j) + "\"";
      }
    }
    return j == act.size() ? null : "unexpected line " + (j + 1) + ": \"" + act.get(j) + "\"";
  }

  static String normal(String s) {
    return s.strip().replaceAll("\\s+", " ");
  }

  static Pattern line(String expected) {
    String e = normal(expected);
    StringBuilder re = new StringBuilder();
    Matcher m = PLACEHOLDER.matcher(e);
    int at = 0;
    while (m.find()) {
      re.append(Pattern.quote(e.substring(at, m.start())));
      re.append(switch (m.group(1)) {
        case "run" -> "run-\\d{8}-\\d{6}";
        case "hex" -> "[0-9a-f]{8,}";
        case "b64" -> "[A-Za-z0-9+/]{16,}={0,2}";
        case "n" -> "-?\\d+(?:\\.\\d+)?";
        case "date" -> "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";
        case "time" -> "\\d+(?:\\.\\d+)? (?:ms|s|min)";
        default -> throw new IllegalStateException();
      });
      at = m.end();
    }
    re.append(Pattern.quote(e.substring(at)));
    return Pattern.compile(re.toString());
  }

  @Test
  void the_comparison_catches_drift() {
    assertEquals(null, compare(List.of("run {{run}} root {{hex}}", "{{...}}", "done in {{n}} ms"),
        List.of("run run-20260101-120000  root abcdef0123", "x", "y", "done in 12 ms")));
    assertTrue(compare(List.of("loss 28.42226 -> 24.29597"), List.of("loss 28.42226 -> 24.29598")) != null, "a changed loss is drift");
    assertTrue(compare(List.of("a", "b"), List.of("a")) != null, "a missing line is drift");
    assertTrue(compare(List.of("a"), List.of("a", "b")) != null, "an extra line is drift");
    assertTrue(compare(List.of("root {{hex}}"), List.of("root XYZ")) != null);
    assertEquals(List.of(new Command("echo a \\\nb", List.of("a b"))), commands("```console\n$ echo a \\\nb\na b\n```\n"));
    assertTrue(File.separatorChar == '/', "the walkthrough runs in bash");
  }
}
