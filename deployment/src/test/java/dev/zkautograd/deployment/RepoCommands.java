package dev.zkautograd.deployment;

import dev.zkautograd.cli.Main;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Checks that a shell command line written in a shipping file (a workflow's {@code run:}, a compose
 * command, a systemd {@code ExecStart}, a script, the walkthrough) names only things that exist: the
 * repository's own files it runs or reads, the {@code zk-autograd} subcommands of cli's picocli
 * {@link Main} with their options, and the Maven profiles of the root pom.
 */
final class RepoCommands {
  /** Repository-relative paths a command may name (outputs such as dist/ or artifacts/ are not checked). */
  private static final Pattern REPO_PATH = Pattern.compile("(?:\\./)?(?:scripts|bin|deployment|docker|docs|\\.ci|\\.github)/[\\w./-]*[\\w-]");
  private static final Pattern LAUNCHER = Pattern.compile("(?:\\./|bin/|/opt/zk-autograd/)?zk-autograd");
  private static final Pattern PROFILE = Pattern.compile("-P([\\w,-]+)");
  private static final Pattern SEPARATOR = Pattern.compile("[;&|()]+|\\n");

  private static final CommandLine CLI = Main.commandLine();

  private RepoCommands() {}

  /** The subcommands of {@code zk-autograd}, from its picocli model. */
  static Map<String, CommandLine> subcommands() {
    return CLI.getSubcommands();
  }

  /** What is wrong with {@code shell} (empty when all it names exists); {@code where} names it in messages. */
  static List<String> problems(String shell, String where) {
    List<String> out = new ArrayList<>();
    List<String> tokens = tokens(shell);
    for (int i = 0; i < tokens.size(); i++) {
      String t = tokens.get(i);
      if (LAUNCHER.matcher(t).matches() && !t.endsWith(".sh")) {
        i = checkInvocation(tokens, i, where, out);
        continue;
      }
      if (REPO_PATH.matcher(t).matches() && !Files.exists(Repo.path(t))) {
        out.add(where + ": names " + t + ", which is not in the repository");
      }
      Matcher p = PROFILE.matcher(t);
      if (p.matches() && tokens.subList(0, i).contains("mvn")) {
        for (String id : p.group(1).split(",")) {
          if (!Repo.text("pom.xml").contains("<id>" + id + "</id>")) out.add(where + ": Maven profile " + id + " is not in pom.xml");
        }
      }
    }
    return out;
  }

  /** Checks {@code zk-autograd SUB --opt ...} starting at {@code at}; returns the index of its last token. */
  private static int checkInvocation(List<String> tokens, int at, String where, List<String> out) {
    if (at + 1 >= tokens.size() || isSeparator(tokens.get(at + 1))) return at;
    String sub = tokens.get(at + 1);
    if (sub.startsWith("-")) return at; // --help, --version
    CommandLine c = CLI.getSubcommands().get(sub);
    if (c == null) {
      out.add(where + ": zk-autograd has no subcommand '" + sub + "' (it has " + CLI.getSubcommands().keySet() + ")");
      return at + 1;
    }
    int i = at + 2;
    for (; i < tokens.size() && !isSeparator(tokens.get(i)); i++) {
      String t = tokens.get(i);
      if (t.startsWith("--") && t.length() > 2) {
        String name = t.contains("=") ? t.substring(0, t.indexOf('=')) : t;
        if (!c.getCommandSpec().optionsMap().containsKey(name)) {
          out.add(where + ": zk-autograd " + sub + " has no option " + name);
        }
      }
    }
    return i - 1;
  }

  private static boolean isSeparator(String t) {
    return SEPARATOR.matcher(t).matches();
  }

  /** Words of a shell line, quotes removed, with ; & | ( ) and line ends as tokens of their own. */
  static List<String> tokens(String shell) {
    String s = shell.replace("\\\n", " ");
    List<String> out = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (quote != 0) {
        if (ch == quote) quote = 0;
        else word.append(ch);
      } else if (ch == '"' || ch == '\'') {
        quote = ch;
      } else if (ch == '#' && word.length() == 0) {
        while (i < s.length() && s.charAt(i) != '\n') i++;
        i--;
      } else if (Character.isWhitespace(ch) || ";&|()".indexOf(ch) >= 0) {
        if (word.length() > 0) out.add(word.toString());
        word.setLength(0);
        if (!Character.isWhitespace(ch) || ch == '\n') out.add(String.valueOf(ch));
      } else {
        word.append(ch);
      }
    }
    if (word.length() > 0) out.add(word.toString());
    return out;
  }
}
