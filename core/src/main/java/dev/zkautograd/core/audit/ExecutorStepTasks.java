package dev.zkautograd.core.audit;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import java.util.concurrent.Executor;

/** Proof checks on an {@link Executor}, waited for on the calling thread (JVM only; see {@link StepTasks}). */
final class ExecutorStepTasks implements StepTasks {
  private final Executor executor;

  ExecutorStepTasks(Executor executor) {
    this.executor = executor;
  }

  @Override
  public void run(int count, IndexTask task) throws CoreException {
    Object lock = new Object();
    int[] remaining = {count};
    RuntimeException[] crash = {null};
    for (int i = 0; i < count; i++) {
      int at = i;
      executor.execute(() -> {
        try {
          task.run(at);
        } catch (RuntimeException e) {
          synchronized (lock) {
            if (crash[0] == null) crash[0] = e;
          }
        } finally {
          synchronized (lock) {
            remaining[0]--;
            lock.notifyAll();
          }
        }
      });
    }
    synchronized (lock) {
      while (remaining[0] > 0) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw CoreException.of(Reason.IO, "interrupted while waiting for the proof checks").build(e);
        }
      }
      if (crash[0] != null) throw crash[0];
    }
  }
}
