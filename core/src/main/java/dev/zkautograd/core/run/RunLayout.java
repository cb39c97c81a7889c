package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;

/** The names of a run directory's files (DESIGN §5, {@code docs/formats/run-directory.md}). */
public final class RunLayout {
  public static final String STEPS = "steps.jsonl";
  public static final String MERKLE_ROOT = "merkle_root.txt";
  public static final String CHECKPOINT = "checkpoint";
  public static final String MANIFEST = "run_manifest.json";
  public static final String ANCHORS = "anchors.json";
  public static final String PROOFS = "proofs";

  /** Longest run id; ids are also file and checkpoint-origin names. */
  public static final int MAX_RUN_ID_LENGTH = 64;

  private RunLayout() {}

  /**
   * Where the proof of chunk {@code chunk} of step {@code step} lives: {@code proofs/step_00042.proof}
   * for an unchunked step, {@code proofs/step_00042/chunk_007.proof} for a chunked one.
   */
  public static RelativePath proofPath(long step, int chunk, int chunks) {
    String stepName = "step_" + padded(step, 5);
    if (chunks == 1) {
      return new RelativePath(PROOFS + "/" + stepName + ".proof");
    }
    return new RelativePath(PROOFS + "/" + stepName + "/chunk_" + padded(chunk, 3) + ".proof");
  }

  /**
   * The checkpoint origin, and the name of the key that signs it: {@code zk-autograd/<run-id>}.
   *
   * @throws IllegalArgumentException if {@code runId} is not a run id ({@link #checkRunId})
   */
  public static String origin(String runId) {
    if (!isRunId(runId)) {
      throw new IllegalArgumentException("not a run id (1-64 of A-Z a-z 0-9 . _ -, first a letter or digit): " + runId);
    }
    return "zk-autograd/" + runId;
  }

  /** Refuses a run id that is not 1-64 of {@code [A-Za-z0-9._-]} starting with a letter or digit. */
  public static String checkRunId(String id, String field) throws CoreException {
    if (!isRunId(id)) {
      throw CoreException.of(Reason.BAD_FIELD, "not a run id").field(field)
          .expected("1-" + MAX_RUN_ID_LENGTH + " of A-Z a-z 0-9 . _ -, starting with a letter or digit").actual(id).build();
    }
    return id;
  }

  static boolean isRunId(String id) {
    boolean ok = !id.isEmpty() && id.length() <= MAX_RUN_ID_LENGTH;
    for (int i = 0; ok && i < id.length(); i++) {
      char c = id.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      ok = alnum || (i > 0 && (c == '.' || c == '_' || c == '-'));
    }
    return ok;
  }

  private static String padded(long n, int width) {
    String s = Long.toString(n);
    StringBuilder b = new StringBuilder();
    for (int i = s.length(); i < width; i++) b.append('0');
    return b.append(s).toString();
  }
}
