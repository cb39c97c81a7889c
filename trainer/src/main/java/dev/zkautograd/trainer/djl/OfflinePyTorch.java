package dev.zkautograd.trainer.djl;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.util.Utils;
import dev.zkautograd.trainer.TrainerException;
import dev.zkautograd.trainer.TrainerException.Reason;

/**
 * DJL's PyTorch engine, loaded offline from the native jars on the class path (docs/trainer.md,
 * "DJL offline"). DJL looks for natives first at {@code PYTORCH_LIBRARY_PATH}, then in a {@code
 * pytorch-native-*} jar on the class path, and downloads them only when neither is there; in
 * offline mode it refuses to download (and sends no telemetry), so a missing jar is a clear error
 * rather than a silent download.
 */
public final class OfflinePyTorch {
  /** DJL's name of the engine. */
  public static final String ENGINE = "PyTorch";
  /** The system property (environment: {@code DJL_OFFLINE}) that keeps DJL off the network. */
  public static final String OFFLINE_PROPERTY = "ai.djl.offline";
  /** The system property of PyTorch's intra-op thread count, read once when the engine starts. */
  public static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";

  private OfflinePyTorch() {}

  /**
   * The engine, after making sure DJL runs offline: sets {@code ai.djl.offline=true} when neither it
   * nor {@code DJL_OFFLINE} is set, and refuses to start when either says otherwise. Unless {@code
   * ai.djl.pytorch.num_threads} is set, PyTorch computes on one thread: the models here are small,
   * and OpenMP's spinning threads slow a step down by 10 to 40 times when the prover or another
   * process holds the cores (measured: 8 ms against 100 to 320 ms per step of the embedded model).
   */
  public static Engine engine() throws TrainerException {
    // Must hold before DJL's Engine class initialises: its static initialiser may call home.
    if (System.getProperty(OFFLINE_PROPERTY) == null && System.getenv("DJL_OFFLINE") == null) {
      System.setProperty(OFFLINE_PROPERTY, "true");
    }
    if (System.getProperty(THREADS_PROPERTY) == null) {
      System.setProperty(THREADS_PROPERTY, "1");
    }
    if (!Utils.isOfflineMode()) {
      throw TrainerException.of(Reason.ENGINE, "DJL is configured to go online; the trainer runs offline only")
          .field("ai.djl.offline / DJL_OFFLINE").expected("true or unset").actual("false").build();
    }
    try {
      return Engine.getEngine(ENGINE);
    } catch (EngineException | IllegalArgumentException | UnsatisfiedLinkError e) {
      throw TrainerException.of(Reason.ENGINE, "cannot load DJL's PyTorch engine offline (the pytorch-engine, "
          + "pytorch-native-cpu and pytorch-jni jars must be on the class path; docs/trainer.md): " + e.getMessage())
          .build(e);
    }
  }
}
