package dev.zkautograd.zk.prover;

import dev.zkautograd.zk.field.Felt;
import dev.zkautograd.zk.fri.FriFolding;
import dev.zkautograd.zk.merkle.BatchOpening;
import dev.zkautograd.zk.params.ProofShape;
import dev.zkautograd.zk.transcript.Transcript;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/** The commit phase and openings of FRI over the DEEP codeword. */
final class FriProver {
  private final List<MerkleTree> layers = new ArrayList<>();
  private final List<Integer> layerSizes = new ArrayList<>();
  private final long[] finalPolynomial;
  private final int k;

  /**
   * Commits to the layers of {@code codeword} (evaluations on the LDE domain), absorbing each root
   * and drawing each folding challenge from the transcript, then absorbs the final polynomial.
   *
   * @param checkDegree whether to refuse a final layer of too high degree (the honest prover's check)
   */
  FriProver(long[] codeword, ProofShape shape, Transcript t, Prg salts, boolean checkDegree) {
    FriFolding folding = FriFolding.of(shape.params().foldingLog2());
    this.k = folding.factor();
    int size = shape.domainSize();
    Felt offset = Felt.COSET_OFFSET;
    long[] current = codeword;
    for (int round = 0; round < shape.friRounds(); round++) {
      int leaves = size / k;
      byte[] s = new byte[32 * leaves];
      salts.nextBytes(s, 0, s.length);
      MerkleTree tree = new MerkleTree(new long[][] {current}, leaves, k, s);
      layers.add(tree);
      layerSizes.add(size);
      t.absorb(tree.root());
      Felt beta = t.drawFelt();
      current = fold(current, size, offset, beta, folding);
      size = leaves;
      offset = offset.pow(k);
    }
    FastNtt.of(Integer.numberOfTrailingZeros(size)).inverseCoset(current, offset);
    int keep = shape.finalCoefficients();
    if (checkDegree) {
      for (int i = keep; i < size; i++) {
        if (current[2 * i] != 0 || current[2 * i + 1] != 0) {
          throw new IllegalStateException("final FRI layer above its degree bound");
        }
      }
    }
    this.finalPolynomial = Arrays.copyOf(current, 2 * keep);
    Felt[] fin = new Felt[keep];
    for (int i = 0; i < keep; i++) {
      fin[i] = Felt.at(finalPolynomial, i);
    }
    t.absorb(fin);
  }

  private static long[] fold(long[] v, int size, Felt offset, Felt beta, FriFolding folding) {
    int k = folding.factor();
    int half = size / k;
    long[] out = new long[2 * half];
    Felt omegaInv = Felt.rootOfUnity(Integer.numberOfTrailingZeros(size)).inverse();
    Felt offsetInv = offset.inverse();
    long[] b = {beta.lo(), beta.hi()};
    int chunks = Math.max(1, half / 4096);
    IntStream.range(0, chunks).parallel().forEach(c -> {
      int from = (int) ((long) c * half / chunks);
      int to = (int) ((long) (c + 1) * half / chunks);
      long[] xInv = new long[2];
      offsetInv.mul(omegaInv.pow(from)).store(xInv, 0);
      long[] step = {omegaInv.lo(), omegaInv.hi()};
      long[] vals = new long[2 * k];
      long[] scratch = new long[2 * (k + 2)];
      for (int a = from; a < to; a++) {
        for (int j = 0; j < k; j++) {
          vals[2 * j] = v[2 * (a + j * half)];
          vals[2 * j + 1] = v[2 * (a + j * half) + 1];
        }
        folding.fold(vals, xInv, b, out, a, scratch);
        FastField.mul(xInv, 0, step, 0, xInv, 0);
      }
    });
    return out;
  }

  List<byte[]> roots() {
    List<byte[]> r = new ArrayList<>();
    for (MerkleTree t : layers) {
      r.add(t.root());
    }
    return r;
  }

  List<Felt> finalPolynomial() {
    List<Felt> out = new ArrayList<>();
    for (int i = 0; i < finalPolynomial.length / 2; i++) {
      out.add(Felt.at(finalPolynomial, i));
    }
    return out;
  }

  /** Openings of every layer at the queries (positions in the first layer's domain). */
  List<BatchOpening> open(int[] queries) {
    List<BatchOpening> out = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      int leaves = layerSizes.get(i) / k;
      out.add(layers.get(i).open(IntStream.of(queries).map(q -> q % leaves).sorted().distinct().toArray()));
    }
    return out;
  }
}
