package dev.zkautograd.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * An indefinite progress bar on standard error for one long call that reports no progress of its own
 * (an EZKL setup or proof in the worker): it shows that work goes on and for how long.
 */
final class Ticker implements AutoCloseable {
  private final ProgressBar bar;

  Ticker(String task) {
    bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(-1).setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(1000).build();
  }

  @Override
  public void close() {
    bar.close();
  }
}
