package dev.zkautograd.cli;

import dev.zkautograd.core.audit.AuditReport;
import dev.zkautograd.core.audit.AuditResult;
import dev.zkautograd.core.audit.Outcome;
import dev.zkautograd.core.audit.StepSample;
import dev.zkautograd.core.run.RunCheck;
import java.io.PrintWriter;
import java.nio.file.Path;

/** An audit report as the table {@code zk-autograd verify} prints: a header, one row per result, a verdict. */
final class ReportTable {
  private final AuditReport report;
  private final Path dir;

  ReportTable(AuditReport report, Path dir) {
    this.report = report;
    this.dir = dir;
  }

  void print(PrintWriter out) {
    out.println("run     " + dir + (report.runId() == null ? "" : "  (" + report.runId() + ", " + report.status() + ", "
        + report.steps() + (report.steps() == 1 ? " step)" : " steps)")));
    out.println("key     " + (report.pinnedKey() == null
        ? "not pinned: signatures checked with the key the run names (pin it with --key)" : "pinned " + report.pinnedKey()));
    if (report.sample() != null) {
      out.println("proofs  " + describe(report.sample(), report.steps()));
    }
    out.println();

    int checkWidth = "CHECK".length();
    int stepWidth = "STEP".length();
    for (AuditResult r : report.results()) {
      checkWidth = Math.max(checkWidth, r.check().id().length());
      stepWidth = Math.max(stepWidth, step(r).length());
    }
    out.println(pad("STEP", stepWidth) + "  " + pad("CHECK", checkWidth) + "  " + pad("RESULT", 6) + "  DETAIL");
    for (AuditResult r : report.results()) {
      out.println(pad(step(r), stepWidth) + "  " + pad(r.check().id(), checkWidth) + "  " + pad(r.outcome().name(), 6) + "  " + r.text());
    }
    out.println();
    long pass = report.count(Outcome.PASS);
    long fail = report.count(Outcome.FAIL);
    long skip = report.count(Outcome.SKIP);
    if (report.passed()) {
      out.println("PASSED: " + pass + " passed, " + skip + " skipped (a skipped check is not a pass: see its row)");
    } else {
      long checks = report.failures().stream().map(AuditResult::check).distinct().count();
      out.println("FAILED: " + fail + (fail == 1 ? " failure" : " failures") + " in " + checks + (checks == 1 ? " check" : " checks")
          + " (first: " + first(report) + "), " + pass + " passed, " + skip + " skipped");
    }
  }

  private static String first(AuditReport report) {
    AuditResult f = report.failures().get(0);
    RunCheck c = f.check();
    return c.id() + (f.file() == null ? "" : " in " + f.file());
  }

  private static String describe(StepSample s, Long total) {
    if (s.isAll()) {
      return "all " + total + (total != null && total == 1 ? " step" : " steps");
    }
    StringBuilder steps = new StringBuilder();
    for (int i = 0; i < s.steps().size() && i < 20; i++) steps.append(i == 0 ? "" : ", ").append(s.steps().get(i));
    if (s.steps().size() > 20) steps.append(", ...");
    return s.steps().size() + " of " + total + " steps, seed " + s.seed() + " (--k " + s.k() + " --seed " + s.seed()
        + " repeats this sample): " + steps;
  }

  private static String step(AuditResult r) {
    return r.step() == null ? "-" : Long.toString(r.step());
  }

  private static String pad(String s, int width) {
    StringBuilder b = new StringBuilder(s);
    while (b.length() < width) b.append(' ');
    return b.toString();
  }
}
