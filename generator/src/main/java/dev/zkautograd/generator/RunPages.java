package dev.zkautograd.generator;

import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.run.AnchorReceipt;
import dev.zkautograd.core.run.ChunkEntry;
import dev.zkautograd.core.run.OptimizerSpec;
import dev.zkautograd.core.run.Run;
import dev.zkautograd.core.run.RunLayout;
import dev.zkautograd.core.run.RunManifest;
import dev.zkautograd.core.run.StepRecord;
import dev.zkautograd.generator.page.AnchorRow;
import dev.zkautograd.generator.page.ChunkRow;
import dev.zkautograd.generator.page.Display;
import dev.zkautograd.generator.page.Download;
import dev.zkautograd.generator.page.Field;
import dev.zkautograd.generator.page.LineChart;
import dev.zkautograd.generator.page.Link;
import dev.zkautograd.generator.page.Pager;
import dev.zkautograd.generator.page.RunPage;
import dev.zkautograd.generator.page.RunSummary;
import dev.zkautograd.generator.page.StepPage;
import dev.zkautograd.generator.page.StepRow;
import dev.zkautograd.generator.page.StepTable;
import dev.zkautograd.generator.page.StepsPage;
import dev.zkautograd.generator.page.TorrentView;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The page models of one run: its page, the pages of its step table, and a page per step. */
final class RunPages {
  private final Run run;
  private final RunManifest manifest;
  private final String id;
  private final int perPage;
  private final RunSummary summary;
  private final String dataDir;
  private final Map<String, RunManifest.FileEntry> files = new HashMap<>();

  RunPages(Run run, int perPage) {
    this.run = run;
    this.manifest = run.manifest();
    this.id = manifest.spec().runId();
    this.perPage = perPage;
    this.dataDir = SiteLayout.RUN_PAGE_ROOT + SiteLayout.filesDir(id);
    for (RunManifest.FileEntry f : manifest.files()) files.put(f.path().value(), f);
    List<StepRecord> steps = run.steps();
    this.summary = new RunSummary(id, SiteLayout.runPage(id), manifest.spec().created().value(), manifest.status().wire(), steps.size(),
        manifest.spec().backend().wire(), optimizerLine(manifest.spec().optimizer()), manifest.spec().params(), manifest.spec().chunks(),
        steps.isEmpty() ? "–" : Display.decimal(steps.get(steps.size() - 1).draft().loss()),
        Display.shortHex(run.log().root(run.log().size()).hex()));
  }

  RunSummary summary() {
    return summary;
  }

  int tablePages() {
    return Math.max(1, (int) ((run.steps().size() + perPage - 1) / perPage));
  }

  RunPage runPage(TorrentView torrent, String torrentNote, long manifestBytes, long anchorsBytes) {
    List<StepRecord> steps = run.steps();
    int n = steps.size();
    double[] loss = new double[n];
    double[] prove = new double[n];
    long proveTotal = 0;
    BigDecimal quantMax = BigDecimal.ZERO;
    BigDecimal quantMeanSum = BigDecimal.ZERO;
    for (int i = 0; i < n; i++) {
      StepRecord r = steps.get(i);
      loss[i] = Double.parseDouble(r.draft().loss());
      prove[i] = r.draft().proveMs();
      proveTotal += r.draft().proveMs();
      quantMax = quantMax.max(new BigDecimal(r.draft().quantisation().maxAbsError()));
      quantMeanSum = quantMeanSum.add(new BigDecimal(r.draft().quantisation().meanAbsError()));
    }
    List<Field> figures = new ArrayList<>();
    figures.add(Field.text("steps", Integer.toString(n)));
    if (n > 0) {
      double best = Double.POSITIVE_INFINITY;
      for (double l : loss) best = Math.min(best, l);
      figures.add(Field.text("loss", Display.number(loss[0]) + " at step 0 → " + Display.number(loss[n - 1]) + " at step " + (n - 1)
          + " (lowest " + Display.number(best) + ")"));
      figures.add(Field.text("proving time", Display.millis(proveTotal) + " in all, " + Display.millis(proveTotal / n) + " per step"));
      figures.add(Field.text("quantisation error, max", Display.number(quantMax.doubleValue())
          + " (largest |float − fixed point| over every step)"));
      figures.add(Field.text("quantisation error, mean", Display.number(quantMeanSum.divide(BigDecimal.valueOf(n), MathContext.DECIMAL64)
          .doubleValue()) + " (mean over steps of each step's mean)"));
    }
    long proofFiles = 0;
    long proofBytes = 0;
    for (RunManifest.FileEntry f : manifest.files()) {
      if (f.path().isUnder(RunLayout.PROOFS)) {
        proofFiles++;
        proofBytes += f.size();
      }
    }
    figures.add(Field.text("proof files", proofFiles + " (" + Display.bytes(proofBytes) + ")"));

    List<Field> log = List.of(
        Field.text("tree size", Long.toString(manifest.log().size())),
        Field.code("RFC 9162 root", run.log().root(run.log().size()).hex()),
        Field.code("checkpoint key", manifest.log().verifierKey()));
    String checkpoint = run.checkpoint() == null ? "" : run.checkpoint().text();

    List<AnchorRow> anchors = new ArrayList<>();
    for (AnchorReceipt a : run.anchors().receipts()) {
      anchors.add(new AnchorRow(a.kind(), a.counter(), a.treeSize(), a.root().hex(), a.time().value(), Json.writeString(a.ref())));
    }

    List<Download> downloads = new ArrayList<>();
    downloads.add(new Download(RunLayout.MANIFEST, dataDir + RunLayout.MANIFEST, Display.bytes(manifestBytes), null,
        "the run's declaration, log head and every file's SHA-256, signed by the run key"));
    downloads.add(listed(RunLayout.STEPS, "one canonical record per step"));
    downloads.add(listed(RunLayout.CHECKPOINT, "C2SP signed checkpoint of the log"));
    downloads.add(listed(RunLayout.MERKLE_ROOT, "the log's RFC 9162 root"));
    if (anchorsBytes >= 0) {
      downloads.add(new Download(RunLayout.ANCHORS, dataDir + RunLayout.ANCHORS, Display.bytes(anchorsBytes), null,
          "receipts of the anchors that stored the root"));
    }
    downloads.removeIf(d -> d == null);
    return new RunPage(SiteLayout.RUN_PAGE_ROOT, dataDir, summary, declaration(), figures,
        LineChart.svg("loss per step", loss, "loss", false), LineChart.svg("proving time per step in milliseconds", prove, "ms", true),
        table(1), log, checkpoint, anchors, torrent, torrentNote, downloads, attestation());
  }

  StepsPage tablePage(int page) {
    return new StepsPage(SiteLayout.RUN_PAGE_ROOT, summary, "index.html", table(page));
  }

  StepPage stepPage(int index) {
    List<StepRecord> steps = run.steps();
    StepRecord r = steps.get(index);
    OptimizerSpec o = r.draft().optimizer();
    List<Field> record = new ArrayList<>();
    record.add(Field.text("run", r.runId()));
    record.add(Field.text("step", Long.toString(r.step())));
    record.add(Field.text("backend", r.draft().backend().wire()));
    record.add(Field.code("optimizer", Json.writeString(o.toJson())));
    record.add(Field.text("parameters", r.draft().params() + " in " + r.chunks().size() + " chunk(s)"));
    record.add(Field.text("loss", r.draft().loss()));
    record.add(Field.text("prove time", Display.millis(r.draft().proveMs())));
    record.add(Field.text("quantisation error", "max " + r.draft().quantisation().maxAbsError() + ", mean "
        + r.draft().quantisation().meanAbsError()));
    List<Field> digests = List.of(
        Field.code("chunks_root", r.chunksRoot().hex()),
        Field.code("state_in", r.stateIn().hex()),
        Field.code("state_out", r.stateOut().hex()),
        Field.code("prev", r.prev().hex()),
        Field.code("chain", r.chain().hex()),
        Field.code("log leaf hash", r.leafHash().hex()));
    List<ChunkRow> chunks = new ArrayList<>();
    for (ChunkEntry c : r.chunks()) {
      chunks.add(new ChunkRow(c.index(), c.offset(), c.length(), c.stateIn().hex(), c.stateOut().hex(), proofDownload(c)));
    }
    List<Field> signature = r.draft().signature() == null ? List.of() : List.of(
        Field.code("key id", r.draft().signature().keyId()),
        Field.code("signature", Base64.getEncoder().encodeToString(r.draft().signature().sig())));
    return new StepPage(SiteLayout.RUN_PAGE_ROOT, dataDir, summary, "index.html", r.step(), record, digests, chunks, signature,
        new String(r.line(), java.nio.charset.StandardCharsets.UTF_8),
        index > 0 ? SiteLayout.stepPage(r.step() - 1) : null, index + 1 < steps.size() ? SiteLayout.stepPage(r.step() + 1) : null);
  }

  private StepTable table(int page) {
    List<StepRecord> steps = run.steps();
    int from = (page - 1) * perPage;
    int to = Math.min(steps.size(), from + perPage);
    List<StepRow> rows = new ArrayList<>(Math.max(0, to - from));
    for (int i = from; i < to; i++) {
      StepRecord r = steps.get(i);
      List<Link> proofs = new ArrayList<>();
      for (ChunkEntry c : r.chunks()) proofs.add(new Link("#" + c.index(), dataDir + c.proof().value()));
      rows.add(new StepRow(r.step(), SiteLayout.stepPage(r.step()), Display.decimal(r.draft().loss()), Display.millis(r.draft().proveMs()),
          Display.decimal(r.draft().quantisation().maxAbsError()), Display.shortHex(r.stateOut().hex()), proofs));
    }
    Pager pager = Pager.of(page, tablePages(), SiteLayout::tablePage);
    return new StepTable(rows, pager, rows.isEmpty() ? 0 : from, rows.isEmpty() ? 0 : to - 1, steps.size());
  }

  private List<Field> declaration() {
    OptimizerSpec o = manifest.spec().optimizer();
    List<Field> d = new ArrayList<>();
    d.add(Field.text("optimizer", o.kind()));
    d.add(Field.code("learning rate", fixed(o.lr(), o.fracBits())));
    if (o instanceof OptimizerSpec.Adam a) {
      d.add(Field.code("β1", fixed(a.beta1(), o.fracBits())));
      d.add(Field.code("β2", fixed(a.beta2(), o.fracBits())));
      d.add(Field.code("ε", fixed(a.eps(), o.fracBits())));
    }
    d.add(Field.code("gradient clip", fixed(o.clip(), o.fracBits())));
    d.add(Field.text("fixed point", "Q" + o.fracBits()));
    d.add(Field.text("parameters", manifest.spec().params() + " in " + manifest.spec().chunks() + " chunk(s)"));
    d.add(Field.text("backend", manifest.spec().backend().wire()));
    for (Map.Entry<String, String> m : manifest.spec().model().entrySet()) {
      d.add(Field.code("model." + m.getKey(), m.getValue()));
    }
    return d;
  }

  /**
   * What the run says about who proved it: the attested prover its manifest declares (attestation
   * format, signing key, the attestation document's size and digest), and the prover signatures on
   * its step records, by key. Empty for a run that declares neither. Whether the attestation holds
   * is for verify ({@code --trust-root}) and the verify panel to say, not the page.
   */
  private List<Field> attestation() {
    List<Field> out = new ArrayList<>();
    dev.zkautograd.core.run.ProverDeclaration prover = manifest.spec().prover();
    if (prover != null) {
      out.add(Field.text("attestation format", prover.kind()));
      out.add(Field.code("prover signing key", prover.keyId()));
      byte[] doc = prover.attestation();
      out.add(Field.code("attestation document", Display.bytes(doc.length) + ", SHA-256 " + dev.zkautograd.core.hash.Digest.sha256(doc).hex()));
      out.add(Field.text("checked by", "zk-autograd verify --run RUN --trust-root ROOT (chain, PCRs, nonce, freshness, key binding)"));
    }
    TreeSet<String> keys = new TreeSet<>();
    long signed = 0;
    for (StepRecord r : run.steps()) {
      if (r.draft().signature() != null) {
        signed++;
        keys.add(r.draft().signature().keyId());
      }
    }
    if (signed > 0) {
      out.add(Field.text("signed steps", signed + " of " + run.steps().size()));
      out.add(Field.code("step signature keys", String.join(", ", keys)));
    }
    return out;
  }

  private Download listed(String path, String note) {
    RunManifest.FileEntry f = files.get(path);
    if (f == null) return null; // an open run lists no files yet
    return new Download(path, dataDir + path, Display.bytes(f.size()), f.sha256().hex(), note);
  }

  private Download proofDownload(ChunkEntry c) {
    RunManifest.FileEntry f = files.get(c.proof().value());
    String size = f == null ? "–" : Display.bytes(f.size());
    return new Download(c.proof().value(), dataDir + c.proof().value(), size, c.proofSha256().hex(), "proof of chunk " + c.index());
  }

  private static String fixed(long h, int fracBits) {
    return Display.fixedPoint(h, fracBits) + " (" + h + "/2^" + fracBits + ")";
  }

  private static String optimizerLine(OptimizerSpec o) {
    return o.kind() + ", lr " + Display.fixedPoint(o.lr(), o.fracBits());
  }
}
