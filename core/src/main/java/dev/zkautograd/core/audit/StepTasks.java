package dev.zkautograd.core.audit;

import dev.zkautograd.core.CoreException;

/**
 * Runs the per-step proof checks of an audit: one after another on the calling thread, or on an
 * executor ({@link ExecutorStepTasks}). The executor's waiting is in a class of its own that only
 * {@link AuditOptions.Builder#executor} creates, so code that never asks for an executor (the browser
 * verifier) has no monitor or wait in its call graph: TeaVM compiles such code to WebAssembly only
 * without them.
 */
interface StepTasks {

  /** A task over index {@code i}. */
  interface IndexTask {
    void run(int i);
  }

  /** Runs {@code task(0..count-1)} and returns when all are done; a task's unchecked exception is rethrown. */
  void run(int count, IndexTask task) throws CoreException;

  /** One after another, on the calling thread. */
  StepTasks SEQUENTIAL = (count, task) -> {
    for (int i = 0; i < count; i++) task.run(i);
  };
}
