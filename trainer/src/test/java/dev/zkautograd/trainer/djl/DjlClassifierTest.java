package dev.zkautograd.trainer.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.optimizer.FixedPoint;
import dev.zkautograd.trainer.EmbeddedTask;
import dev.zkautograd.trainer.GradientSource;
import dev.zkautograd.trainer.data.DataSplit;
import dev.zkautograd.trainer.data.Examples;
import dev.zkautograd.trainer.mlp.MlpArchitecture;
import dev.zkautograd.trainer.mlp.MlpModel;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The DJL gradient source: the flattening order round-trips through DJL bit for bit, means what
 * docs/trainer.md says (a forward pass written out by hand from the flat vector gives DJL's loss),
 * its gradients are the loss's (central finite differences), and each step's gradient stands alone.
 */
class DjlClassifierTest {
  static MlpModel base;
  static DataSplit data;
  static DjlClassifier embedded;

  @BeforeAll
  static void open() throws Exception {
    base = EmbeddedTask.baseModel();
    data = DataSplit.of(EmbeddedTask.fineTuningData(7), 7);
    embedded = DjlClassifier.open(base, data, 256, 7);
  }

  @AfterAll
  static void close() {
    embedded.close();
  }

  @Test
  void q32WeightsGoIntoDjlAndComeBackIdentical() {
    SplittableRandom r = new SplittableRandom(5);
    long[] q = new long[embedded.parameterCount()];
    for (int i = 0; i < q.length; i++) {
      // every magnitude the format allows, down to single units in the last place
      q[i] = switch (i % 4) {
        case 0 -> r.nextLong(-(1L << 47), 1L << 47);
        case 1 -> r.nextLong(-(1L << 34), 1L << 34);
        case 2 -> r.nextLong(-8, 8);
        default -> i % 8 == 3 ? (1L << 47) - 1 : -(1L << 47);
      };
    }
    double[] real = Arrays.stream(q).mapToDouble(FixedPoint::decode).toArray();
    embedded.load(real);
    double[] back = embedded.weights();
    for (int i = 0; i < q.length; i++) {
      if (Double.doubleToRawLongBits(back[i]) != Double.doubleToRawLongBits(real[i]) || FixedPoint.encode(back[i]) != q[i]) {
        throw new AssertionError(embedded.architecture().coordinate(i) + ": " + q[i] + " came back as " + back[i]);
      }
    }
    embedded.load(base.realWeights());
    assertArrayEquals(base.weights(), Arrays.stream(embedded.weights()).mapToLong(FixedPoint::encode).toArray());
  }

  @Test
  void theFlatteningOrderIsTheOneWrittenDown() throws Exception {
    // A small model whose forward pass is computed here from the flat vector in the documented layout.
    MlpArchitecture arch = MlpArchitecture.of(3, 4, 2);
    SplittableRandom r = new SplittableRandom(9);
    double[] w = r.doubles(arch.parameterCount(), -1, 1).map(x -> FixedPoint.decode(FixedPoint.encode(x))).toArray();
    Examples all = new Examples(3, 2, r.doubles(30, -2, 2).toArray(), r.ints(10, 0, 2).toArray());
    DataSplit split = new DataSplit(all, all);
    try (DjlClassifier c = DjlClassifier.open(MlpModel.ofReal(arch, w), split, all.size(), 1)) {
      assertEquals(byHand(arch, w, all), c.gradient(0, w).loss(), 1e-12);
      assertEquals(byHand(arch, w, all), c.evaluate(w, all).loss(), 1e-12);
    }
  }

  @Test
  void gradientsMatchCentralFiniteDifferencesOfTheLoss() {
    double[] w = base.realWeights();
    GradientSource.Batch at = embedded.gradient(3, w);
    SplittableRandom r = new SplittableRandom(11);
    for (MlpArchitecture.Tensor t : embedded.architecture().tensors()) {
      for (int k = 0; k < 3; k++) {
        int i = t.offset() + r.nextInt(t.length());
        double h = 1e-5;
        double[] plus = w.clone();
        double[] minus = w.clone();
        plus[i] += h;
        minus[i] -= h;
        double fd = (embedded.gradient(3, plus).loss() - embedded.gradient(3, minus).loss()) / (2 * h);
        double g = at.gradient()[i];
        assertEquals(fd, g, 1e-7 + 1e-4 * Math.abs(g), embedded.architecture().coordinate(i));
      }
    }
    assertTrue(Arrays.stream(at.gradient()).anyMatch(g -> Math.abs(g) > 1e-4), "the gradient is not trivially zero");
  }

  @Test
  void eachStepsGradientStandsAloneAndFollowsItsBatch() {
    double[] w = base.realWeights();
    GradientSource.Batch first = embedded.gradient(5, w);
    embedded.gradient(6, w);
    GradientSource.Batch again = embedded.gradient(5, w);
    assertArrayEquals(first.gradient(), again.gradient(), "no gradient accumulates from one backward pass to the next");
    assertEquals(first.loss(), again.loss());
    assertNotEquals(first.loss(), embedded.gradient(6, w).loss(), "another step, another batch");
  }

  /** Mean softmax cross-entropy of the MLP, from the flat vector: per layer W [out, in] row-major, then b. */
  private static double byHand(MlpArchitecture arch, double[] w, Examples ex) {
    double sum = 0;
    for (int n = 0; n < ex.size(); n++) {
      double[] a = Arrays.copyOfRange(ex.values(), n * ex.features(), (n + 1) * ex.features());
      int offset = 0;
      for (int l = 1; l <= arch.layers(); l++) {
        int in = arch.widths().get(l - 1);
        int out = arch.widths().get(l);
        double[] z = new double[out];
        for (int o = 0; o < out; o++) {
          double s = w[offset + in * out + o];
          for (int j = 0; j < in; j++) s += w[offset + o * in + j] * a[j];
          z[o] = l < arch.layers() ? Math.max(0, s) : s;
        }
        offset += in * out + out;
        a = z;
      }
      double max = Arrays.stream(a).max().orElseThrow();
      double logSum = max + Math.log(Arrays.stream(a).map(x -> Math.exp(x - max)).sum());
      sum += logSum - a[ex.label(n)];
    }
    return sum / ex.size();
  }
}
