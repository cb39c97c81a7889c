package dev.zkautograd.trainer.mlp;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.optimizer.FixedPoint;
import dev.zkautograd.core.run.ModelState;
import dev.zkautograd.trainer.TrainerException;
import dev.zkautograd.trainer.TrainerException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A model file ({@code zk-autograd/mlp/v1}, docs/trainer.md): an {@link MlpArchitecture} and its
 * Q32 weights in the flattening order. The weights section is a model-state file (ZKAM v1, weights
 * only), so the base model's values are exactly the state a run commits as root_in(0). Secret
 * material; immutable (arrays are copied in and out).
 */
public final class MlpModel {
  /** The file's first four bytes. */
  public static final byte[] MAGIC = {'Z', 'K', 'M', 'L'};
  /** The only version this code reads and writes. */
  public static final int VERSION = 1;
  /** Activation code of ReLU, the only one of version 1. */
  public static final int RELU = 1;
  /** Largest file: the header of 16 layers and a state of 2^24 parameters. */
  public static final long MAX_BYTES = 8 + 4L * (MlpArchitecture.MAX_LAYERS + 1) + 16 + 8L * MlpArchitecture.MAX_PARAMETERS;

  private static final int STATE_HEADER = 16;

  private final MlpArchitecture architecture;
  private final long[] weights;

  private MlpModel(MlpArchitecture architecture, long[] weights) {
    this.architecture = architecture;
    this.weights = weights;
  }

  /**
   * A model of this architecture with these Q32 weights.
   *
   * @throws IllegalArgumentException if the count differs from the architecture's or a weight is
   *     outside the model-state range [-2^47, 2^47)
   */
  public static MlpModel of(MlpArchitecture architecture, long[] weights) {
    if (weights.length != architecture.parameterCount()) {
      throw new IllegalArgumentException("the architecture has " + architecture.parameterCount() + " parameters, not "
          + weights.length);
    }
    ModelState.weightsOnly(weights); // the range check of the format
    return new MlpModel(architecture, weights.clone());
  }

  /** A model with these real weights, each rounded to Q32. */
  public static MlpModel ofReal(MlpArchitecture architecture, double[] weights) {
    return of(architecture, Arrays.stream(weights).mapToLong(FixedPoint::encode).toArray());
  }

  public MlpArchitecture architecture() {
    return architecture;
  }

  /** The Q32 weights in the flattening order. */
  public long[] weights() {
    return weights.clone();
  }

  /** The weights' real values (exact: a Q32 weight below 2^47 fits a double's 53 bits). */
  public double[] realWeights() {
    return Arrays.stream(weights).mapToDouble(FixedPoint::decode).toArray();
  }

  /** The file's bytes. */
  public byte[] toBytes() {
    byte[] state = ModelState.weightsOnly(weights).toBytes();
    ByteBuffer b = ByteBuffer.allocate(headerLength(architecture.layers()) + state.length);
    b.put(MAGIC).putShort((short) VERSION).put((byte) RELU).put((byte) architecture.layers());
    for (int w : architecture.widths()) b.putInt(w);
    b.put(state);
    return b.array();
  }

  /** Reads and parses a model file; every problem names the file and the field. */
  public static MlpModel read(Path file) throws TrainerException {
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw TrainerException.of(Reason.TOO_LARGE, "a model file holds at most 2^24 parameters").file(file.toString())
            .expected("at most " + MAX_BYTES + " bytes").actual(size + " bytes").build();
      }
      return parse(Files.readAllBytes(file), file.toString());
    } catch (IOException e) {
      throw TrainerException.of(Reason.IO, "cannot read the model file: " + e.getMessage()).file(file.toString()).build(e);
    }
  }

  /**
   * Parses a model file's bytes.
   *
   * @param file the file's name for messages
   */
  public static MlpModel parse(byte[] bytes, String file) throws TrainerException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    if (bytes.length < 8) {
      throw malformed(file, "header", "a model file starts with an 8-byte header", "at least 8 bytes", bytes.length + " bytes");
    }
    byte[] magic = new byte[4];
    b.get(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw malformed(file, "magic", "not a zk-autograd model file (docs/trainer.md)", "ZKML", hex(magic));
    }
    int version = Short.toUnsignedInt(b.getShort());
    if (version != VERSION) {
      throw TrainerException.of(Reason.UNSUPPORTED_VERSION, "model file version " + version + " is not known here")
          .file(file).field("version").expected(VERSION).actual(version).build();
    }
    int activation = Byte.toUnsignedInt(b.get());
    if (activation != RELU) {
      throw badField(file, "activation", "unknown activation", RELU + " (ReLU)", activation);
    }
    int layers = Byte.toUnsignedInt(b.get());
    if (layers < 1 || layers > MlpArchitecture.MAX_LAYERS) {
      throw badField(file, "layers", "layer count out of range", "1 to " + MlpArchitecture.MAX_LAYERS, layers);
    }
    if (bytes.length < headerLength(layers)) {
      throw malformed(file, "widths", "the file ends inside the layer widths", "at least " + headerLength(layers) + " bytes",
          bytes.length + " bytes");
    }
    List<Integer> widths = new ArrayList<>();
    for (int i = 0; i <= layers; i++) {
      long w = Integer.toUnsignedLong(b.getInt());
      if (w < 1 || w > MlpArchitecture.MAX_WIDTH || (i == layers && w < 2)) {
        throw badField(file, "widths[" + i + "]", "layer width out of range",
            (i == layers ? "2" : "1") + " to " + MlpArchitecture.MAX_WIDTH, w);
      }
      widths.add((int) w);
    }
    String problem = MlpArchitecture.problem(widths);
    if (problem != null) {
      throw badField(file, "widths", problem, "at most 2^24 parameters", widths);
    }
    MlpArchitecture architecture = new MlpArchitecture(widths);
    byte[] stateBytes = Arrays.copyOfRange(bytes, headerLength(layers), bytes.length);
    ModelState state;
    try {
      state = ModelState.parse(stateBytes);
    } catch (CoreException e) {
      throw TrainerException.of(e.reason() == CoreException.Reason.UNSUPPORTED_VERSION ? Reason.UNSUPPORTED_VERSION
          : e.reason() == CoreException.Reason.MALFORMED ? Reason.MALFORMED : Reason.BAD_FIELD,
          "the weights are not a valid model state: " + e.detail()).file(file).field(stateField(architecture, e.field()))
          .expected(e.expected()).actual(e.actual()).build(e);
    }
    if (state.hasMoments()) {
      throw badField(file, "state.kind", "a model file holds weights only", "1 (weights only)", "2 (with Adam moments)");
    }
    if (state.size() != architecture.parameterCount()) {
      throw TrainerException.of(Reason.MISMATCH, "the weights do not fit the layer widths").file(file).field("state.count")
          .expected(architecture.parameterCount() + " parameters (" + architecture + ")").actual(state.size()).build();
    }
    return new MlpModel(architecture, state.weights());
  }

  @Override
  public String toString() {
    return "MlpModel[" + architecture + ", " + weights.length + " parameters, secret]";
  }

  private static int headerLength(int layers) {
    return 8 + 4 * (layers + 1);
  }

  /** "weights[17]" of the state becomes "state.weights[17] (layer1.weight[0,17])". */
  private static String stateField(MlpArchitecture architecture, String field) {
    if (field == null) return "state";
    if (field.startsWith("weights[") && field.endsWith("]")) {
      int i = Integer.parseInt(field.substring(8, field.length() - 1));
      if (i < architecture.parameterCount()) {
        return "state." + field + " (" + architecture.coordinate(i) + ")";
      }
    }
    return "state." + field;
  }

  private static TrainerException malformed(String file, String field, String detail, Object expected, Object actual) {
    return TrainerException.of(Reason.MALFORMED, detail).file(file).field(field).expected(expected).actual(actual).build();
  }

  private static TrainerException badField(String file, String field, String detail, Object expected, Object actual) {
    return TrainerException.of(Reason.BAD_FIELD, detail).file(file).field(field).expected(expected).actual(actual).build();
  }

  private static String hex(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (byte x : b) s.append(String.format("%02x", x));
    return s.toString();
  }
}
