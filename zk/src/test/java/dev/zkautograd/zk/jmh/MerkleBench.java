package dev.zkautograd.zk.jmh;

import dev.zkautograd.zk.merkle.MerkleHash;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Merkle hashing: one leaf of the SGD step segment (19 columns + salt, 337 bytes) and one inner
 * node (65 bytes), with the JDK's intrinsic SHA-256 (prover) and BouncyCastle (verifier).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MerkleBench {
  static final int LEAVES = 1024;
  byte[] leaf = new byte[MerkleHash.leafLength(19)];
  byte[] node = new byte[65];
  byte[] out = new byte[32];
  MessageDigest jdk;

  @Setup
  public void setup() throws Exception {
    jdk = MessageDigest.getInstance("SHA-256");
    for (int i = 0; i < leaf.length; i++) {
      leaf[i] = (byte) i;
    }
  }

  @Benchmark
  @OperationsPerInvocation(LEAVES)
  public byte[] leafJdk() throws Exception {
    for (int i = 0; i < LEAVES; i++) {
      jdk.update(leaf);
      jdk.digest(out, 0, 32);
    }
    return out;
  }

  @Benchmark
  @OperationsPerInvocation(LEAVES)
  public byte[] leafBouncyCastle() {
    SHA256Digest d = new SHA256Digest();
    for (int i = 0; i < LEAVES; i++) {
      d.update(leaf, 0, leaf.length);
      d.doFinal(out, 0);
    }
    return out;
  }

  @Benchmark
  @OperationsPerInvocation(LEAVES)
  public byte[] nodeJdk() throws Exception {
    for (int i = 0; i < LEAVES; i++) {
      jdk.update(node);
      jdk.digest(out, 0, 32);
    }
    return out;
  }

  @Benchmark
  @OperationsPerInvocation(LEAVES)
  public byte[] nodeBouncyCastle() {
    SHA256Digest d = new SHA256Digest();
    for (int i = 0; i < LEAVES; i++) {
      d.update(node, 0, node.length);
      d.doFinal(out, 0);
    }
    return out;
  }
}
