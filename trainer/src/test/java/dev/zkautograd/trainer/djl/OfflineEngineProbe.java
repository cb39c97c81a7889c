package dev.zkautograd.trainer.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.Utils;
import dev.zkautograd.trainer.TrainerException;

/**
 * Run in a child JVM by {@link OfflinePyTorchTest}: loads the engine through {@link
 * OfflinePyTorch}, computes 2 + 2 on it, and prints what it loaded from where. Exit 0 on success,
 * 2 with the message on a {@link TrainerException}.
 */
public final class OfflineEngineProbe {
  private OfflineEngineProbe() {}

  public static void main(String[] args) {
    try {
      Engine engine = OfflinePyTorch.engine();
      try (NDManager m = engine.newBaseManager(Device.cpu())) {
        double four = m.create(2.0).add(m.create(2.0)).getDouble();
        System.out.println("engine " + engine.getEngineName() + " " + engine.getVersion() + " offline "
            + Utils.isOfflineMode() + " libtorch " + LibUtils.getLibtorchPath() + " 2+2=" + four);
      }
    } catch (TrainerException e) {
      System.out.println("refused: " + e.getMessage());
      System.exit(2);
    }
  }
}
