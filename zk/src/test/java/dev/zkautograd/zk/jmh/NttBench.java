package dev.zkautograd.zk.jmh;

import dev.zkautograd.zk.field.Fp;
import dev.zkautograd.zk.poly.Ntt;
import dev.zkautograd.zk.prover.FastField;
import dev.zkautograd.zk.prover.FastNtt;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One forward NTT of size 2^logN: the portable network with the portable and the intrinsic
 * multiplication, and the prover's network ({@code FastNtt}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class NttBench {
  @Param({"16", "20"})
  public int logN;

  long[] data;
  Ntt portable;
  Ntt intrinsic;
  Ntt prover;

  @Setup
  public void setup() {
    data = new long[2 << logN];
    for (int i = 0; i < (1 << logN); i++) {
      data[2 * i] = i * 0x9E3779B97F4A7C15L >>> 1;
    }
    portable = Ntt.of(logN, Fp.PORTABLE);
    intrinsic = Ntt.of(logN, FastField.OPS);
    prover = FastNtt.of(logN);
  }

  @Benchmark
  public long[] forwardPortable() {
    portable.forward(data);
    return data;
  }

  @Benchmark
  public long[] forwardIntrinsic() {
    intrinsic.forward(data);
    return data;
  }

  @Benchmark
  public long[] forwardProver() {
    prover.forward(data);
    return data;
  }
}
