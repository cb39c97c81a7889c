package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.checkpoint.Checkpoint;
import dev.zkautograd.core.checkpoint.NoteSigner;
import dev.zkautograd.core.hash.Digest;
import dev.zkautograd.core.log.ConsistencyProof;
import dev.zkautograd.core.log.HashChain;
import dev.zkautograd.core.log.MerkleTree;
import dev.zkautograd.core.log.TreeFrontier;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a run directory, append-only and crash-safe ({@code docs/formats/run-directory.md}, "The
 * writer's protocol"). Per step: the proof files (write-temp, fsync, rename, fsync folder), then the
 * record line (append, fsync), then {@code merkle_root.txt} and {@code checkpoint} (each replaced
 * atomically). Whenever the process dies, the directory is a verifiable prefix of the run, and
 * {@link #resume} continues it without losing or repeating a step.
 *
 * <p>One writer per run directory; it is not safe for concurrent use.
 */
public final class RunWriter implements AutoCloseable {
  /** Where a test may stop the writer; see {@code RunWriterKillTest}. Null in production. */
  interface CrashPoint {
    void reached(String phase, long step);
  }

  private final Path dir;
  private final RunSpec spec;
  private final NoteSigner signer;
  private final CrashPoint crashPoint;
  private TreeFrontier frontier;
  private StepRecord last;
  private FileChannel steps;
  private boolean finished;

  private RunWriter(Path dir, RunSpec spec, NoteSigner signer, StepLog log, CrashPoint crashPoint) throws CoreException {
    this.dir = dir;
    this.spec = spec;
    this.signer = signer;
    this.crashPoint = crashPoint;
    TreeFrontier f = TreeFrontier.empty();
    for (Digest leaf : log.leafHashes()) f = f.append(leaf);
    this.frontier = f;
    this.last = log.last();
    try {
      this.steps = FileChannel.open(dir.resolve(RunLayout.STEPS), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw DurableFiles.io("cannot open for appending", RunLayout.STEPS, e);
    }
  }

  /**
   * Starts a run in {@code runDir}, which must be absent or empty. {@code signer} signs the
   * checkpoints and must be named {@code zk-autograd/<run-id>}.
   */
  public static RunWriter create(Path runDir, RunSpec spec, NoteSigner signer) throws CoreException {
    return create(runDir, spec, signer, null);
  }

  static RunWriter create(Path runDir, RunSpec spec, NoteSigner signer, CrashPoint crashPoint) throws CoreException {
    checkSigner(spec, signer);
    try {
      if (Files.exists(runDir)) {
        try (Stream<Path> s = Files.list(runDir)) {
          if (s.findAny().isPresent()) {
            throw CoreException.of(Reason.IO, "run directory exists and is not empty; use resume to continue a run")
                .file(runDir.toString()).build();
          }
        }
      }
      DurableFiles.createDirectories(runDir.resolve(RunLayout.PROOFS));
      DurableFiles.replace(runDir.resolve(RunLayout.MANIFEST),
          SignedManifest.sign(RunManifest.open(spec, signer.verifier().encode()), signer).bytes(), null);
    } catch (IOException e) {
      throw DurableFiles.io("cannot create the run directory", runDir.toString(), e);
    }
    RunWriter w = new RunWriter(runDir, spec, signer, StepLog.parse(new byte[0], spec, false), crashPoint);
    w.force(RunLayout.STEPS, w.steps);
    w.writeHead();
    return w;
  }

  /**
   * Continues an open run after a crash or a stop: removes stale temporary files, truncates a torn
   * last line of {@code steps.jsonl}, and rewrites {@code merkle_root.txt} and {@code checkpoint}
   * for the records kept. {@link #nextStep()} then says which step to redo.
   */
  public static RunWriter resume(Path runDir, NoteSigner signer) throws CoreException {
    return resume(runDir, signer, null);
  }

  static RunWriter resume(Path runDir, NoteSigner signer, CrashPoint crashPoint) throws CoreException {
    SignedManifest signed = SignedManifest.parse(DurableFiles.read(runDir.resolve(RunLayout.MANIFEST), RunLayout.MANIFEST, RunManifest.MAX_BYTES));
    RunManifest manifest = signed.manifest();
    if (manifest.status() != RunManifest.Status.OPEN) {
      throw CoreException.of(Reason.BAD_FIELD, "the run is finished; a finished run takes no more steps").file(RunLayout.MANIFEST)
          .field("status").expected("open").actual(manifest.status().wire()).build();
    }
    RunSpec spec = manifest.spec();
    checkSigner(spec, signer);
    if (!signer.verifier().encode().equals(manifest.log().verifierKey())) {
      throw CoreException.of(Reason.SIGNATURE_INVALID, "this signer is not the run's checkpoint key").file(RunLayout.MANIFEST)
          .field("log.verifier_key").expected(manifest.log().verifierKey()).actual(signer.verifier().encode()).build();
    }
    signed.verify(signer.verifier());
    Path stepsFile = runDir.resolve(RunLayout.STEPS);
    StepLog log;
    try {
      removeTemporaries(runDir);
      byte[] jsonl = Files.exists(stepsFile) ? DurableFiles.read(stepsFile, RunLayout.STEPS, Integer.MAX_VALUE - 8) : new byte[0];
      log = StepLog.parse(jsonl, spec, true);
      if (log.droppedTail() > 0) {
        try (FileChannel c = FileChannel.open(stepsFile, StandardOpenOption.WRITE)) {
          c.truncate(log.validLength());
          c.force(true);
        }
      }
      DurableFiles.createDirectories(runDir.resolve(RunLayout.PROOFS));
    } catch (IOException e) {
      throw DurableFiles.io("cannot repair the run directory", runDir.toString(), e);
    }
    RunWriter w = new RunWriter(runDir, spec, signer, log, crashPoint);
    w.force(RunLayout.STEPS, w.steps);
    w.writeHead();
    return w;
  }

  private static void checkSigner(RunSpec spec, NoteSigner signer) throws CoreException {
    if (!signer.name().equals(spec.origin())) {
      throw CoreException.of(Reason.BAD_FIELD, "the checkpoint signer must be named after the run").field("signer")
          .expected(spec.origin()).actual(signer.name()).build();
    }
  }

  private static void removeTemporaries(Path runDir) throws IOException {
    List<Path> stale;
    try (Stream<Path> s = Files.walk(runDir)) {
      stale = s.filter(p -> Files.isRegularFile(p) && DurableFiles.isTemp(p)).sorted(Comparator.reverseOrder()).toList();
    }
    Set<Path> dirs = new HashSet<>();
    for (Path p : stale) {
      Files.delete(p);
      dirs.add(p.getParent());
    }
    for (Path d : dirs) DurableFiles.fsyncDirectory(d);
  }

  public Path dir() {
    return dir;
  }

  public RunSpec spec() {
    return spec;
  }

  /** The step the next {@link #append} must carry: the number of records written. */
  public long nextStep() {
    return frontier.size();
  }

  /** The chain value the next record will carry as {@code prev}. */
  public Digest nextPrev() {
    return last == null ? HashChain.genesis(spec.runId()) : last.chain();
  }

  /** The last record written, or null before step 0. */
  public StepRecord lastRecord() {
    return last;
  }

  /**
   * Appends one step: seals {@code draft} after the last record, checks it follows it (step number,
   * declaration, chunk boundaries, state chain, proof paths from {@link RunLayout#proofPath}), writes
   * {@code proofFiles} (every chunk's proof, keyed by its path, with the digest its entry states),
   * then the record line, then the new log head.
   */
  public StepRecord append(StepDraft draft, Map<RelativePath, byte[]> proofFiles) throws CoreException {
    requireOpen();
    StepRecord record = StepRecord.seal(draft, nextPrev());
    StepLog.checkNext(spec, last, record);
    checkProofFiles(record, proofFiles);
    long step = record.step();
    try {
      for (ChunkEntry c : record.chunks()) {
        Path target = dir.resolve(c.proof().value());
        DurableFiles.createDirectories(target.getParent());
        DurableFiles.replace(target, proofFiles.get(c.proof()), crashPoint == null ? null : () -> crashPoint.reached("proof-temp-written", step));
      }
      reached("proofs-written", step);
      byte[] line = record.line();
      ByteBuffer b = ByteBuffer.allocate(line.length + 1).put(line).put((byte) '\n').flip();
      if (crashPoint != null) {
        // Only under test: split the line so that a kill can leave a torn one, as a power cut could.
        ByteBuffer half = b.duplicate().limit(b.limit() / 2);
        DurableFiles.writeFully(steps, half);
        steps.force(false);
        reached("line-half-written", step);
        b.position(half.position());
      }
      DurableFiles.writeFully(steps, b);
      steps.force(true);
    } catch (IOException e) {
      close(); // what reached the disk is unknown: only resume may continue from here
      throw DurableFiles.io("cannot write step; resume the run to continue", RunLayout.STEPS, e).at(null, step);
    }
    reached("line-appended", step);
    last = record;
    frontier = frontier.append(record.leafHash());
    writeHead();
    reached("step-done", step);
    return record;
  }

  private void checkProofFiles(StepRecord r, Map<RelativePath, byte[]> files) throws CoreException {
    int n = r.chunks().size();
    for (ChunkEntry c : r.chunks()) {
      String field = "chunks[" + c.index() + "].proof";
      RelativePath want = RunLayout.proofPath(r.step(), c.index(), n);
      if (!c.proof().equals(want)) {
        throw CoreException.of(Reason.BAD_FIELD, "proof file not where the run layout puts it").field(field).step(r.step())
            .expected(want).actual(c.proof()).build();
      }
      byte[] bytes = files.get(c.proof());
      if (bytes == null) {
        throw CoreException.of(Reason.MISSING_FIELD, "no bytes given for the chunk's proof file").field(field).step(r.step()).build();
      }
      c.checkProof(r.step(), Digest.sha256(bytes));
    }
    if (files.size() != n) {
      throw CoreException.of(Reason.BAD_FIELD, "proof files given that no chunk names").field("proofFiles").step(r.step())
          .expected(n + " files").actual(files.size() + " files").build();
    }
  }

  /**
   * Ends the run: anchors the final tree head with {@code anchor} (null for none) and records the
   * receipt in {@code anchors.json}, then writes the finished {@code run_manifest.json} with the
   * digest of every file and the info-hash of their torrent ({@link PayloadTorrent}). Safe to call again after a crash inside it: an anchor that already holds
   * this head is not asked twice.
   */
  public RunManifest finish(Anchor anchor) throws CoreException {
    requireOpen();
    long size = frontier.size();
    Digest root = frontier.root();
    // Read back rather than remembered: what is anchored and listed is what is on disk, checked once more.
    StepLog log = StepLog.parse(DurableFiles.read(dir.resolve(RunLayout.STEPS), RunLayout.STEPS, Integer.MAX_VALUE - 8), spec, false);
    if (anchor != null) {
      anchorHead(anchor, log, root);
    }
    List<RunManifest.FileEntry> files = new ArrayList<>();
    for (String name : new String[] {RunLayout.CHECKPOINT, RunLayout.MERKLE_ROOT, RunLayout.STEPS}) {
      files.add(fileEntry(new RelativePath(name)));
    }
    for (StepRecord r : log.records()) {
      for (ChunkEntry c : r.chunks()) files.add(fileEntry(c.proof()));
    }
    files.sort(Comparator.comparing(f -> f.path().value()));
    // The manifest is written last and records the torrent of the files it lists (never of itself).
    PayloadTorrent torrent = PayloadTorrent.of(spec.runId(), files, new DirectoryRunFiles(dir));
    RunManifest done = new RunManifest(spec, RunManifest.Status.FINISHED, size,
        new RunManifest.LogHead(size, root, new RelativePath(RunLayout.CHECKPOINT), signer.verifier().encode()), files,
        new RunManifest.Torrent(torrent.infoHash(), PayloadTorrent.magnet(torrent.infoHash(), spec.runId())));
    replace(RunLayout.MANIFEST, SignedManifest.sign(done, signer).bytes(), "manifest-temp-written");
    finished = true;
    close();
    return done;
  }

  private void anchorHead(Anchor anchor, StepLog log, Digest root) throws CoreException {
    long size = log.size();
    Path anchorsFile = dir.resolve(RunLayout.ANCHORS);
    Anchors anchors = Files.exists(anchorsFile) ? Anchors.parse(DurableFiles.read(anchorsFile, RunLayout.ANCHORS, 16 << 20)) : Anchors.NONE;
    AnchorReceipt latest = anchor.latest(spec.runId());
    AnchorReceipt receipt;
    if (latest != null && latest.treeSize() == size && latest.root().equals(root)) {
      receipt = latest; // anchored before a crash: record it, do not count twice
    } else {
      // RFC 9162 has no proof from the empty tree: every tree extends it.
      ConsistencyProof proof = latest == null || latest.treeSize() == 0 || latest.treeSize() >= size
          ? null : MerkleTree.ofLeafHashes(log.leafHashes()).consistencyProof(latest.treeSize(), size);
      receipt = anchor.anchor(new AnchorRequest(spec.runId(), size, root, proof));
    }
    reached("anchored", size);
    if (!anchors.receipts().contains(receipt)) {
      Anchors more;
      try {
        more = anchors.with(receipt);
      } catch (IllegalArgumentException e) {
        throw CoreException.of(Reason.ANCHOR_REJECTED, "the receipt's counter does not exceed one already in anchors.json for this kind")
            .file(RunLayout.ANCHORS).expected("a counter above the recorded ones").actual(receipt.counter()).build(e);
      }
      replace(RunLayout.ANCHORS, more.bytes(), null);
    }
    reached("anchors-written", size);
  }

  private RunManifest.FileEntry fileEntry(RelativePath p) throws CoreException {
    Path file = dir.resolve(p.value());
    try {
      return new RunManifest.FileEntry(p, Files.size(file), DurableFiles.sha256(file, p.value()));
    } catch (IOException e) {
      throw DurableFiles.io("cannot read", p.value(), e);
    }
  }

  /** Rewrites merkle_root.txt, then the signed checkpoint, for the records written so far. */
  private void writeHead() throws CoreException {
    Digest root = frontier.root();
    replace(RunLayout.MERKLE_ROOT, MerkleRootFile.format(root), null);
    reached("root-written", frontier.size());
    String body = new Checkpoint(spec.origin(), frontier.size(), root, List.of()).body();
    replace(RunLayout.CHECKPOINT, signer.sign(body).text().getBytes(StandardCharsets.UTF_8), null);
  }

  private void replace(String name, byte[] bytes, String phase) throws CoreException {
    try {
      DurableFiles.replace(dir.resolve(name), bytes, phase == null || crashPoint == null ? null : () -> crashPoint.reached(phase, frontier.size()));
    } catch (IOException e) {
      throw DurableFiles.io("cannot write", name, e);
    }
  }

  private void reached(String phase, long step) {
    if (crashPoint != null) crashPoint.reached(phase, step);
  }

  private void force(String name, FileChannel c) throws CoreException {
    try {
      c.force(true);
      DurableFiles.fsyncDirectory(dir);
    } catch (IOException e) {
      throw DurableFiles.io("cannot sync", name, e);
    }
  }

  private void requireOpen() throws CoreException {
    if (finished || steps == null || !steps.isOpen()) {
      throw CoreException.of(Reason.IO, "the run writer is closed").file(dir.toString()).build();
    }
  }

  /** Releases the log file; the run stays open for {@link #resume} unless finished. */
  @Override
  public void close() throws CoreException {
    try {
      if (steps != null) steps.close();
    } catch (IOException e) {
      throw DurableFiles.io("cannot close", RunLayout.STEPS, e);
    }
  }
}
