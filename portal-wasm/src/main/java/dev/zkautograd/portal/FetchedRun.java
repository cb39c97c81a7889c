package dev.zkautograd.portal;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.run.ChunkEntry;
import dev.zkautograd.core.run.MemoryRunFiles;
import dev.zkautograd.core.run.RunLayout;
import dev.zkautograd.core.run.StepRecord;
import java.util.ArrayList;
import java.util.List;
import org.teavm.jso.JSExport;

/**
 * The files of one run that the page fetched, exported to the page: a partial view ({@link
 * MemoryRunFiles#partial()}), since a page fetches the log files and the proofs of the step it shows,
 * not every proof of the run. A file the page asked for and did not get is {@linkplain #absent
 * absent}: the audit reports it missing; a file never asked for is not covered, and the audit says it
 * left it out. Filled by the page script, then verified ({@link #verify}).
 */
public final class FetchedRun {
  private final MemoryRunFiles files = MemoryRunFiles.partial();

  FetchedRun() {}

  /** The files as the audit reads them. */
  MemoryRunFiles files() {
    return files;
  }

  /** The bytes the page fetched from {@code path}, relative to the run folder. */
  @JSExport
  public void add(String path, byte[] bytes) {
    files.put(path, bytes);
  }

  /** The page asked for {@code path} and the server had no such file (404). */
  @JSExport
  public void absent(String path) {
    files.absent(path);
  }

  /** Audits the files added so far: {@link BrowserVerifier#verifyRun}. */
  @JSExport
  public String verify(String optionsJson) {
    return BrowserVerifier.verifyRun(this, optionsJson);
  }

  /**
   * The proof files of {@code step} as its record in the fetched {@code steps.jsonl} names them; none
   * when that line is missing or not a record (the audit then says why).
   */
  @JSExport
  public String[] proofFiles(int step) {
    StepRecord r = record(step);
    if (r == null) return new String[0];
    List<String> out = new ArrayList<>();
    for (ChunkEntry c : r.chunks()) out.add(c.proof().value());
    return out.toArray(new String[0]);
  }

  /** The number of lines of the fetched {@code steps.jsonl} (records, if it is well-formed). */
  @JSExport
  public int lines() {
    byte[] jsonl = files.bytes(RunLayout.STEPS);
    if (jsonl == null) return 0;
    int n = 0;
    for (byte b : jsonl) if (b == '\n') n++;
    return n;
  }

  private StepRecord record(int step) {
    byte[] jsonl = files.bytes(RunLayout.STEPS);
    if (jsonl == null || step < 0) return null;
    int start = 0;
    for (int line = 0; start < jsonl.length; line++) {
      int end = start;
      while (end < jsonl.length && jsonl[end] != '\n') end++;
      if (line == step) {
        byte[] bytes = new byte[end - start];
        System.arraycopy(jsonl, start, bytes, 0, bytes.length);
        try {
          return StepRecord.parse(bytes);
        } catch (CoreException e) {
          return null;
        }
      }
      start = end + 1;
    }
    return null;
  }
}
