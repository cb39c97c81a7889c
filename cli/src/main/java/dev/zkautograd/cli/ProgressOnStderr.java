package dev.zkautograd.cli;

import dev.zkautograd.core.audit.AuditProgress;
import java.io.PrintWriter;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * An audit's progress as a bar on standard error (never standard output, which may be carrying
 * {@code --json}), shown only for phases of at least {@code minUnits} files or steps.
 */
final class ProgressOnStderr implements AuditProgress {
  private final PrintWriter err;
  private final int minUnits;
  private ProgressBar bar;

  ProgressOnStderr(PrintWriter err, int minUnits) {
    this.err = err;
    this.minUnits = minUnits;
  }

  @Override
  public synchronized void begin(String phase, long total) {
    end();
    if (total >= minUnits) {
      bar = new ProgressBarBuilder().setTaskName(phase).setInitialMax(total).setUpdateIntervalMillis(200)
          .setConsumer(new DelegatingProgressBarConsumer(this::draw, 100)).build();
    }
  }

  @Override
  public synchronized void advance() {
    if (bar != null) bar.step();
  }

  @Override
  public synchronized void end() {
    if (bar != null) {
      bar.close();
      bar = null;
      err.println();
      err.flush();
    }
  }

  private void draw(String line) {
    synchronized (err) {
      err.print('\r');
      err.print(line);
      err.flush();
    }
  }
}
