package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import java.util.ArrayList;
import java.util.List;

/**
 * A path to a file inside a run directory, as written in the run's JSON files: '/'-separated
 * segments of {@code [A-Za-z0-9._-]}, none empty, "." or "..". So it can neither be absolute nor
 * climb out of the run directory, on any operating system.
 */
public record RelativePath(String value) {
  /** Longest path accepted. */
  public static final int MAX_LENGTH = 255;

  /** Refuses a path outside the rules with IllegalArgumentException; use {@link #parse} for untrusted text. */
  public RelativePath {
    String why = problem(value);
    if (why != null) {
      throw new IllegalArgumentException(why + ": " + value);
    }
  }

  /** Reads untrusted text, naming {@code field} in the error. */
  public static RelativePath parse(String value, String field) throws CoreException {
    String why = problem(value);
    if (why != null) {
      throw CoreException.of(Reason.BAD_FIELD, why).field(field)
          .expected("a relative path of '/'-separated A-Z a-z 0-9 . _ - segments").actual(value).build();
    }
    return new RelativePath(value);
  }

  /** The path's '/'-separated segments, in order (the components of a torrent's file path). */
  public List<String> segments() {
    return segments(value);
  }

  /**
   * Every '/'-separated segment of {@code p}, empty ones included. By indexOf, not String.split: split
   * is a regex in TeaVM's class library, which would put a regex engine into the browser verifier for one '/'.
   */
  private static List<String> segments(String p) {
    List<String> out = new ArrayList<>();
    for (int start = 0; start <= p.length(); ) {
      int end = p.indexOf('/', start);
      if (end < 0) end = p.length();
      out.add(p.substring(start, end));
      start = end + 1;
    }
    return out;
  }

  /** Whether the path lies in folder {@code dir} (a relative folder name without trailing '/'). */
  public boolean isUnder(String dir) {
    return value.startsWith(dir + "/");
  }

  private static String problem(String p) {
    if (p.isEmpty()) return "empty path";
    if (p.length() > MAX_LENGTH) return "path longer than " + MAX_LENGTH + " characters";
    if (p.charAt(0) == '/' || p.charAt(0) == '\\' || (p.length() > 1 && p.charAt(1) == ':')) {
      return "absolute path; paths are relative to the run directory";
    }
    for (String seg : segments(p)) {
      if (seg.equals("..")) return "path escapes the run directory";
      if (seg.isEmpty() || seg.equals(".")) return "empty or '.' path segment";
    }
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' || c == '/';
      if (!ok) return "character not allowed in a run path (A-Z a-z 0-9 . _ - /)";
    }
    return null;
  }

  @Override
  public String toString() {
    return value;
  }
}
