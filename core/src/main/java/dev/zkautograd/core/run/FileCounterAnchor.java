package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.json.JsonFields;
import dev.zkautograd.core.json.JsonObject;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * A local, file-backed monotonic counter: one JSON file per run origin in a folder the caller
 * chooses (kept apart from the run, the way a remote counter would be), replaced by
 * write-fsync-rename under a file lock. It guards against a writer that forgets or rewrites its own
 * history, not against whoever controls that folder; remote anchors give the stronger guarantee.
 *
 * <p>Its receipts have kind {@value #KIND} and {@code ref = {"origin": ..., "file": ...}}: the origin
 * and the counter file's name in the anchor folder.
 */
public final class FileCounterAnchor implements Anchor {
  public static final String KIND = "file-counter";

  static final String STATE_FORMAT = "zk-autograd/file-counter/v1";

  private final Path dir;
  private final Clock clock;

  /** Keeps counters in {@code dir}, stamping receipts with {@code clock}. */
  public FileCounterAnchor(Path dir, Clock clock) {
    this.dir = dir;
    this.clock = clock;
  }

  public FileCounterAnchor(Path dir) {
    this(dir, Clock.systemUTC());
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public AnchorReceipt anchor(AnchorRequest request) throws CoreException {
    String runId = RunLayout.checkRunId(request.runId(), "run");
    try {
      DurableFiles.createDirectories(dir);
      try (FileChannel lockFile = FileChannel.open(dir.resolve(fileName(runId) + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        lockFile.lock(); // exclusive across processes until the channel closes: read, increment and write are one step
        AnchorReceipt last = latest(runId);
        request.requireExtends(last);
        AnchorReceipt next = new AnchorReceipt(KIND, last == null ? 1 : last.counter() + 1, request.treeSize(), request.root(),
            UtcTime.of(clock.instant()), JsonObject.builder().put("origin", RunLayout.origin(runId)).put("file", fileName(runId)).build());
        JsonObject state = JsonObject.builder().put("format", STATE_FORMAT).put("origin", RunLayout.origin(runId))
            .put("receipt", next.toJson()).build();
        DurableFiles.replace(dir.resolve(fileName(runId)), Json.write(state), null);
        return next;
      }
    } catch (IOException e) {
      throw DurableFiles.io("cannot update the anchor counter", dir.resolve(fileName(runId)).toString(), e);
    }
  }

  @Override
  public AnchorReceipt latest(String runId) throws CoreException {
    Path file = dir.resolve(fileName(RunLayout.checkRunId(runId, "run")));
    if (!Files.exists(file)) {
      return null;
    }
    try {
      JsonFields f = JsonFields.of(Json.parse(DurableFiles.read(file, file.toString(), 1 << 16)), null);
      f.format(STATE_FORMAT);
      String origin = f.string("origin", 128);
      if (!origin.equals(RunLayout.origin(runId))) {
        throw f.bad("origin", "counter file of another run", RunLayout.origin(runId), origin);
      }
      AnchorReceipt r = AnchorReceipt.read(f.object("receipt"));
      f.refuseUnknown();
      return r;
    } catch (CoreException e) {
      throw e.at(file.toString(), null);
    }
  }

  private static String fileName(String runId) {
    return runId + ".counter.json";
  }
}
