package dev.zkautograd.deployment;

import java.util.ArrayList;
import java.util.List;

/** The instructions of a Dockerfile (continuations joined, comments dropped): enough to check what it copies and runs. */
record Dockerfile(String file, List<Instruction> instructions) {
  record Instruction(String keyword, String args) {}

  static Dockerfile read(String file) {
    List<Instruction> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String line : Repo.text(file).split("\n")) {
      String t = line.strip();
      if (cur.length() == 0 && (t.isEmpty() || t.startsWith("#"))) continue;
      if (t.startsWith("#")) continue;
      if (t.endsWith("\\")) {
        cur.append(t, 0, t.length() - 1).append(' ');
        continue;
      }
      cur.append(t);
      String all = cur.toString().strip();
      int sp = all.indexOf(' ');
      out.add(new Instruction(all.substring(0, sp).toUpperCase(), all.substring(sp + 1).strip()));
      cur.setLength(0);
    }
    return new Dockerfile(file, out);
  }

  List<Instruction> all(String keyword) {
    return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
  }

  /** The sources and destination of a COPY without --from (a COPY from a build stage copies no repository file). */
  static List<String> words(String args) {
    List<String> w = new ArrayList<>(List.of(args.trim().split("\\s+")));
    w.removeIf(s -> s.startsWith("--chown") || s.startsWith("--chmod"));
    return w;
  }
}
