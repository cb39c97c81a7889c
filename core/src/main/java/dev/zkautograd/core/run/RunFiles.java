package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.hash.Digest;
import java.util.List;

/**
 * The files of one run directory, by their relative paths ({@code steps.jsonl}, {@code
 * proofs/step_00000.proof}): where {@link RunReader} and the audit read from. {@link
 * DirectoryRunFiles} reads a folder on disk; the browser verifier supplies the files it fetched, so
 * that the same checks run in both places.
 *
 * <p>Every method reports a file that is absent or cannot be read as a CoreException IO naming the
 * path.
 */
public interface RunFiles {

  /** Whether there is a regular file at {@code path}. */
  boolean exists(String path);

  /** The whole file; TOO_LARGE when it has more than {@code maxBytes} bytes. */
  byte[] read(String path, long maxBytes) throws CoreException;

  /** The file's length in bytes. */
  long size(String path) throws CoreException;

  /** SHA-256 of the file's bytes. */
  Digest sha256(String path) throws CoreException;

  /**
   * Every entry of the run that is not a folder (files, and anything else that does not belong, such
   * as links), as relative {@code /}-separated paths in sorted order.
   */
  List<String> list() throws CoreException;

  /**
   * Whether this view holds the whole run. A folder on disk does. The browser holds only the files it
   * fetched (the log files and the proofs of the step it checks): the audit then checks those of the
   * listed files that the view {@link #covers}, says how many it left out, and notes that {@link
   * #list()} names only what was fetched, not every file of the run's folder.
   */
  default boolean isWhole() {
    return true;
  }

  /**
   * Whether this view answers for {@code path}: for a whole view every path; for a partial one, the
   * paths it fetched or found absent. A listed file the view does not cover is not checked (and not
   * reported missing).
   */
  default boolean covers(String path) {
    return true;
  }
}
