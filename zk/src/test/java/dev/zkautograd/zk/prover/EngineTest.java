package dev.zkautograd.zk.prover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.VerificationException.Reason;
import dev.zkautograd.zk.VerificationPolicy;
import dev.zkautograd.zk.field.Felt;
import dev.zkautograd.zk.params.ProofParameters;
import dev.zkautograd.zk.proof.ProofCodec;
import dev.zkautograd.zk.proof.StarkProof;
import dev.zkautograd.zk.verifier.StarkVerifier;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The engine end to end on a test AIR that is not an optimizer: nothing in the prover is SGD-specific. */
class EngineTest {
  static final VerificationPolicy ANY = VerificationPolicy.insecureAcceptAnyParameters();

  static RandomSource seeded(long seed) {
    Random r = new Random(seed);
    return r::nextBytes;
  }

  @Test
  void provesAndVerifiesFibonacci() throws Exception {
    for (int log : new int[] {8, 9}) {
      int n = 1 << log;
      FibonacciAir air = new FibonacciAir(n, FibonacciAir.result(n));
      for (int folding = 1; folding <= 3; folding++) {
        ProofParameters params = ProofParameters.INSECURE_TESTING.toBuilder().foldingLog2(folding).build();
        StarkProof proof = new StarkProver(params, seeded(log * 10 + folding)).prove(air, FibonacciAir.trace(n), Map.of());
        byte[] bytes = ProofCodec.encode(proof);
        StarkProof parsed = ProofCodec.decode(bytes);
        StarkVerifier.verify(parsed, air, ANY);
      }
    }
  }

  @Test
  void rejectsWrongPublicResult() throws Exception {
    int n = 256;
    FibonacciAir air = new FibonacciAir(n, FibonacciAir.result(n));
    StarkProof proof = new StarkProver(ProofParameters.INSECURE_TESTING, seeded(1)).prove(air, FibonacciAir.trace(n), Map.of());
    FibonacciAir other = new FibonacciAir(n, FibonacciAir.result(n).add(Felt.ONE));
    VerificationException e = assertThrows(VerificationException.class, () -> StarkVerifier.verify(proof, other, ANY));
    assertEquals(Reason.PUBLIC_INPUT_MISMATCH, e.reason());
  }

  @Test
  void periodicColumnIsEnforced() throws Exception {
    int n = 256;
    Map<String, long[]> trace = new java.util.HashMap<>(FibonacciAir.trace(n));
    long[] alt = trace.get("alt").clone();
    alt[2 * 9] = 1; // row 9 should be 5
    trace.put("alt", alt);
    FibonacciAir air = new FibonacciAir(n, FibonacciAir.result(n));
    VerificationException refused = assertThrows(VerificationException.class,
        () -> new StarkProver(ProofParameters.INSECURE_TESTING, seeded(5)).prove(air, trace, Map.of()));
    assertEquals(Reason.WITNESS_REJECTED, refused.reason());
    StarkProof cheat = StarkProver.dishonestlySkippingSelfCheck(ProofParameters.INSECURE_TESTING, seeded(5))
        .prove(air, trace, Map.of());
    VerificationException e = assertThrows(VerificationException.class, () -> StarkVerifier.verify(cheat, air, ANY));
    assertEquals(Reason.CONSTRAINT_MISMATCH, e.reason());
  }

  @Test
  void honestProverRefusesABadWitness() {
    int n = 256;
    Map<String, long[]> trace = FibonacciAir.trace(n);
    trace.get("b")[2 * 17] ^= 1;
    FibonacciAir air = new FibonacciAir(n, FibonacciAir.result(n));
    VerificationException e = assertThrows(VerificationException.class,
        () -> new StarkProver(ProofParameters.INSECURE_TESTING, seeded(2)).prove(air, trace, Map.of()));
    assertEquals(Reason.WITNESS_REJECTED, e.reason());
  }
}
