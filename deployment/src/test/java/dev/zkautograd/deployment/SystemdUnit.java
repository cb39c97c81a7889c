package dev.zkautograd.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A systemd unit file (systemd.unit(5)): sections of key=value lines, a key may repeat. */
record SystemdUnit(String file, Map<String, Map<String, List<String>>> sections) {
  static SystemdUnit read(String file) {
    Map<String, Map<String, List<String>>> s = new LinkedHashMap<>();
    Map<String, List<String>> cur = null;
    for (String raw : Repo.text(file).split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue;
      if (line.startsWith("[") && line.endsWith("]")) {
        cur = s.computeIfAbsent(line.substring(1, line.length() - 1), k -> new LinkedHashMap<>());
        continue;
      }
      int eq = line.indexOf('=');
      if (cur == null || eq < 1) throw new AssertionError(file + ": not a unit line: " + line);
      cur.computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>()).add(line.substring(eq + 1).strip());
    }
    return new SystemdUnit(file, s);
  }

  List<String> get(String section, String key) {
    return sections.getOrDefault(section, Map.of()).getOrDefault(key, List.of());
  }

  String one(String section, String key) {
    List<String> v = get(section, key);
    if (v.size() != 1) throw new AssertionError(file + ": expected one " + section + "/" + key + ", found " + v);
    return v.get(0);
  }

  /** The program of an Exec line, without systemd's prefixes (-, @, +, !). */
  static String program(String exec) {
    String e = exec.replaceFirst("^[-@+!:]+", "");
    return e.split("\\s+")[0];
  }
}
