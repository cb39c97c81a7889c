package dev.zkautograd.contracts.evm;

import dev.zkautograd.zk.air.CompiledAir;
import dev.zkautograd.zk.air.TraceLayout;
import dev.zkautograd.zk.params.ProofShape;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * What one {@code verifyStep} call costs, estimated without a node (DESIGN §9): the expected proof
 * size from the shape (openings at random query positions, averaged over seeded draws), its calldata
 * gas under EIP-7623's floor and the standard price, and the execution gas from per-operation costs
 * measured on a Hardhat node (docs/benchmarks.md, "On-chain verifier"). The estimate is for the
 * verifier called directly; {@code RunAnchor.prove} adds the record, the inclusion path and its own checks.
 *
 * @param proofBytes expected proof size
 * @param calldataFloorGas 21000 + 10 per calldata token (a zero byte 1 token, another byte 4): EIP-7623's floor
 * @param standardGas 21000 + 4 per token + the estimated execution
 * @param executionGas estimated execution gas of the verifier
 */
public record GasEstimate(long proofBytes, long calldataFloorGas, long standardGas, long executionGas) {
  private static final int SEEDS = 8;
  // Execution costs per operation of the generated code: a SHA-256 precompile call with the Merkle
  // loop around it, per 32-byte word hashed, per opened field element read, checked and combined
  // (DEEP, folds), per final-polynomial term, per query and FRI layer (search, power, fold), per
  // program op. Calibrated so that the golden SGD-64 proof's estimate matches its eth_estimateGas on
  // Hardhat (osaka) within 20% (GeneratedVerifierTest checks it).
  static final long PER_HASH = 1_100;
  static final long PER_WORD = 30;
  static final long PER_FELT = 450;
  static final long PER_FINAL_TERM = 180;
  static final long PER_QUERY_LAYER = 8_000;
  static final long PER_PROGRAM_OP = 100;
  static final long FIXED = 200_000;

  /** The gas the transaction pays: the larger of the floor and the standard price. */
  public long transactionGas() {
    return Math.max(calldataFloorGas, standardGas);
  }

  static GasEstimate of(EvmVerifierParams params, CompiledAir ca, ProofShape shape) {
    TraceLayout layout = ca.layout();
    int segs = layout.segments().size();
    int k = 1 << params.proof().foldingLog2();
    long statement = ca.air().statement().length;
    long fixed = 13 + statement + 1 + 32L * segs + 32 + 1 + 32L * shape.friRounds()
        + 2 + 16L * layout.width() + 2 + 16L * ca.nextColumns().length + 2 + 16L * shape.pieces() + 2 + 16L * shape.finalCoefficients() + 8;
    double bytes = 0;
    double zeros = 0;
    double exec = 0;
    for (int seed = 0; seed < SEEDS; seed++) {
      SplittableRandom rnd = new SplittableRandom(seed);
      int[] q = new int[params.proof().queries()];
      for (int i = 0; i < q.length; i++) q[i] = rnd.nextInt(shape.domainSize());
      int[] pos = Arrays.stream(q).sorted().distinct().toArray();
      long b = fixed;
      long z = 0;
      long hashes = 0;
      long words = 0;
      long felts = 0;
      for (int s = 0; s <= segs; s++) {
        int w = s < segs ? layout.end(s) - layout.start(s) : shape.pieces() + 1;
        long[] o = opening(pos, shape.logDomain(), w);
        b += o[0];
        z += 4 + 3L * pos.length;
        hashes += o[1];
        words += o[2];
        felts += (long) pos.length * w;
      }
      int leaves = shape.domainSize();
      int[] p = pos;
      for (int layer = 0; layer < shape.friRounds(); layer++) {
        leaves /= k;
        final int l = leaves;
        int[] leafIdx = Arrays.stream(p).map(x -> x % l).sorted().distinct().toArray();
        long[] o = opening(leafIdx, Integer.numberOfTrailingZeros(leaves), k);
        b += o[0];
        z += 4 + 3L * leafIdx.length;
        hashes += o[1];
        words += o[2];
        felts += (long) pos.length * k;
        p = leafIdx;
      }
      bytes += b;
      zeros += z;
      exec += FIXED + PER_HASH * hashes + PER_WORD * words + PER_FELT * felts
          + PER_FINAL_TERM * (long) pos.length * shape.finalCoefficients()
          + PER_QUERY_LAYER * (long) pos.length * shape.friRounds() + PER_PROGRAM_OP * ca.program().registers();
    }
    long proofBytes = Math.round(bytes / SEEDS);
    long zeroBytes = Math.round(zeros / SEEDS + (proofBytes - zeros / SEEDS) / 256.0);
    long tokens = zeroBytes + 4 * (proofBytes - zeroBytes);
    long execution = Math.round(exec / SEEDS);
    return new GasEstimate(proofBytes, 21_000 + 10 * tokens, 21_000 + 4 * tokens + execution, execution);
  }

  /** Bytes, hash calls and hashed words of one batched opening of {@code idx} in a tree of 2^depth leaves. */
  private static long[] opening(int[] idx, int depth, int width) {
    long leafBytes = 36 + 16L * width;
    long bytes = 8 + idx.length * leafBytes;
    long hashes = idx.length;
    long words = idx.length * ((leafBytes - 3 + 31) / 32);
    int[] level = idx.clone();
    int count = level.length;
    for (int d = 0; d < depth; d++) {
      int next = 0;
      for (int i = 0; i < count; i++) {
        if ((level[i] & 1) == 0 && i + 1 < count && level[i + 1] == level[i] + 1) {
          i++;
        } else {
          bytes += 32;
        }
        level[next++] = level[i] >>> 1;
        hashes++;
        words += 3;
      }
      count = next;
    }
    return new long[] {bytes, hashes, words};
  }
}
