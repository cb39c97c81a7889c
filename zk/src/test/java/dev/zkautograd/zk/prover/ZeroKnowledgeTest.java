package dev.zkautograd.zk.prover;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.zk.BlindingSeed;
import dev.zkautograd.zk.StepProof;
import dev.zkautograd.zk.VerificationPolicy;
import dev.zkautograd.zk.air.CompiledAir;
import dev.zkautograd.zk.backend.StarkBackend;
import dev.zkautograd.zk.field.Felt;
import dev.zkautograd.zk.merkle.BatchOpening;
import dev.zkautograd.zk.params.ProofParameters;
import dev.zkautograd.zk.proof.ProofCodec;
import dev.zkautograd.zk.proof.StarkProof;
import dev.zkautograd.zk.sgd.SgdAir;
import dev.zkautograd.zk.sgd.SgdFixtures;
import dev.zkautograd.zk.sgd.SgdStepVerifier;
import dev.zkautograd.zk.sgd.SgdTrace;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Zero knowledge, statistically: two very different witnesses (all zeros, and random weights and
 * gradients clipped on both sides) with identical public statements are proven many times; every
 * value the verifier sees (trace and composition openings, out-of-domain values, FRI layers, the
 * final polynomial) is collected per position, and a two-sample chi-square test on the top four bits
 * finds no difference between the witnesses. No revealed value ever equals a witness value. A
 * prover with blinding turned off is the negative control: the same statistic exposes it.
 */
class ZeroKnowledgeTest {
  static final int LENGTH = 64;
  static final int PROOFS = 100;
  /** chi-square with 15 degrees of freedom at p = 1e-6 (Wilson-Hilferty). */
  static final double CRITICAL = 57.3;

  record Witness(long[] w, long[] g) {}

  static Witness zeros() {
    return new Witness(new long[LENGTH], new long[LENGTH]);
  }

  static Witness random() {
    return new Witness(SgdFixtures.weights(LENGTH, 77), SgdFixtures.gradients(LENGTH, 78));
  }

  /** Revealed values by position ("trace:w", "fri:0", ...). */
  static Map<String, long[]> reveal(Witness wit, int proofs, boolean blinding, long seed, Set<Felt> witnessValues) throws Exception {
    SgdAir air = SgdAir.of(SgdFixtures.statement(LENGTH, 7));
    CompiledAir ca = CompiledAir.of(air);
    Map<String, long[]> trace = SgdTrace.build(air, wit.w(), wit.g());
    for (long[] col : trace.values()) {
      for (int i = 0; i < col.length / 2; i++) {
        witnessValues.add(Felt.at(col, i));
      }
    }
    Map<String, Hist> hist = new TreeMap<>();
    Random r = new Random(seed);
    for (int k = 0; k < proofs; k++) {
      byte[] s1 = new byte[32];
      byte[] s2 = new byte[32];
      r.nextBytes(s1);
      r.nextBytes(s2);
      RandomSource rs = r::nextBytes;
      StarkProver prover = blinding
          ? new StarkProver(ProofParameters.INSECURE_TESTING, rs)
          : StarkProver.leakingWithoutBlinding(ProofParameters.INSECURE_TESTING, rs);
      StepProof p = StarkBackend.prove(air, trace, BlindingSeed.of(s1), BlindingSeed.of(s2), prover);
      SgdStepVerifier.verify(p.proof(), p.publicInputs(), VerificationPolicy.insecureAcceptAnyParameters());
      StarkProof proof = ProofCodec.decode(p.proof());
      for (int s = 0; s < proof.segmentOpenings().size(); s++) {
        BatchOpening o = proof.segmentOpenings().get(s);
        for (long[] row : o.values()) {
          for (int c = 0; c < o.width(); c++) {
            add(hist, "trace:" + ca.layout().name(ca.layout().start(s) + c), Felt.at(row, c));
          }
        }
      }
      for (long[] row : proof.compositionOpening().values()) {
        for (int c = 0; c < row.length / 2; c++) {
          add(hist, "composition:" + c, Felt.at(row, c));
        }
      }
      for (int c = 0; c < proof.oodTrace().size(); c++) {
        add(hist, "ood:" + ca.layout().name(c), proof.oodTrace().get(c));
      }
      for (int j = 0; j < proof.oodNext().size(); j++) {
        add(hist, "oodNext:" + j, proof.oodNext().get(j));
      }
      for (int i = 0; i < proof.oodComposition().size(); i++) {
        add(hist, "oodComposition:" + i, proof.oodComposition().get(i));
      }
      for (int l = 0; l < proof.friOpenings().size(); l++) {
        for (long[] leaf : proof.friOpenings().get(l).values()) {
          for (int c = 0; c < leaf.length / 2; c++) {
            add(hist, "fri:" + l, Felt.at(leaf, c));
          }
        }
      }
      for (Felt f : proof.finalPolynomial()) {
        add(hist, "final", f);
      }
    }
    Map<String, long[]> out = new TreeMap<>();
    hist.forEach((k, v) -> out.put(k, v.bins));
    revealedSeen.addAll(lastRevealed);
    lastRevealed.clear();
    return out;
  }

  static final class Hist {
    final long[] bins = new long[16];
  }

  static final Set<Felt> lastRevealed = new HashSet<>();
  static final Set<Felt> revealedSeen = new HashSet<>();

  static void add(Map<String, Hist> h, String key, Felt v) {
    h.computeIfAbsent(key, x -> new Hist()).bins[(int) (v.hi() >>> 60)]++;
    lastRevealed.add(v);
  }

  /** Two-sample chi-square statistic over the 16 bins. */
  static double chiSquare(long[] a, long[] b) {
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      na += a[i];
      nb += b[i];
    }
    double chi = 0;
    for (int i = 0; i < a.length; i++) {
      double pooled = (a[i] + b[i]) / (na + nb);
      if (pooled == 0) {
        continue;
      }
      double ea = pooled * na;
      double eb = pooled * nb;
      chi += (a[i] - ea) * (a[i] - ea) / ea + (b[i] - eb) * (b[i] - eb) / eb;
    }
    return chi;
  }

  @Test
  void revealedValuesAreIndistinguishableAndNeverWitnessValues() throws Exception {
    Set<Felt> witnessValues = new HashSet<>();
    revealedSeen.clear();
    Map<String, long[]> a = reveal(zeros(), PROOFS, true, 1, witnessValues);
    Map<String, long[]> b = reveal(random(), PROOFS, true, 2, witnessValues);
    assertTrue(a.keySet().equals(b.keySet()));
    assertTrue(a.size() > 60, "positions compared: " + a.size());
    StringBuilder worst = new StringBuilder();
    double max = 0;
    for (String k : a.keySet()) {
      double chi = chiSquare(a.get(k), b.get(k));
      if (chi > max) {
        max = chi;
        worst.setLength(0);
        worst.append(k);
      }
      assertTrue(chi < CRITICAL, "position " + k + " distinguishes the witnesses: chi^2 = " + chi);
    }
    System.out.println("zero knowledge: " + a.size() + " positions, largest chi^2 = " + max + " at " + worst);
    for (Felt v : revealedSeen) {
      assertFalse(witnessValues.contains(v), "a revealed value equals a witness value");
    }
  }

  @Test
  void withoutBlindingTheSameStatisticSeesTheWitness() throws Exception {
    Set<Felt> witnessValues = new HashSet<>();
    revealedSeen.clear();
    Map<String, long[]> a = reveal(zeros(), 20, false, 3, witnessValues);
    Map<String, long[]> b = reveal(random(), 20, false, 4, witnessValues);
    double chi = chiSquare(a.get("trace:w"), b.get("trace:w"));
    assertTrue(chi > CRITICAL, "control failed to detect the leak: chi^2 = " + chi);
    assertTrue(revealedSeen.stream().anyMatch(witnessValues::contains), "unblinded openings reveal witness values");
  }
}
