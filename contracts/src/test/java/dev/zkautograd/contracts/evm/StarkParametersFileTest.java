package dev.zkautograd.contracts.evm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.local.LocalService;
import dev.zkautograd.core.run.OptimizerSpec;
import dev.zkautograd.zk.air.CompiledAir;
import dev.zkautograd.zk.params.ProofParameters;
import dev.zkautograd.zk.params.ProofShape;
import dev.zkautograd.zk.params.SecurityBound;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The parameters file as the STARK's proof-system parameters (docs/evm-verifier.md, "The parameters
 * file"): the written layout is the committed vectors' bytes, {@code proven} is the default prover's
 * choice (the smallest blow-up that reaches the bound) for SGD and Adam, and a run of another
 * statement is named by its first differing field.
 */
class StarkParametersFileTest {
  static final Path HOME = LocalService.home();
  static final OptimizerSpec ADAM = new OptimizerSpec.Adam(32, 214748365L, 3865470566L, 4290672329L, 43, 4252017623L);
  static final OptimizerSpec SGD = new OptimizerSpec.Sgd(32, 42950, 1L << 32);

  @Test
  void the_written_layout_is_the_committed_vectors_bytes() throws Exception {
    for (String name : new String[] {"golden-sgd-64.json", "stark-adam-64x2.json"}) {
      Path file = HOME.resolve("contracts/params").resolve(name);
      assertEquals(Files.readString(file), EvmVerifierParams.read(file).toText(), name);
    }
  }

  @Test
  void proven_takes_the_smallest_blow_up_that_reaches_the_bound_for_either_rule() {
    for (OptimizerSpec rule : new OptimizerSpec[] {SGD, ADAM}) {
      for (int[] shape : new int[][] {{64, 1}, {64, 2}, {50_826, 1}, {50_826, 2}}) {
        EvmVerifierParams p = assertSmallest(rule, shape[0], shape[1], 100);
        // Asking for more than that set proves takes a larger blow-up, or none reaches it.
        double more = p.provenBits() + 0.01;
        try {
          EvmVerifierParams q = assertSmallest(rule, shape[0], shape[1], more);
          assertTrue(q.proof().blowupLog2() > p.proof().blowupLog2(), q.proof() + " for " + more + " bits");
        } catch (IllegalArgumentException none) {
          assertTrue(none.getMessage().contains("no blow-up proves"), none.getMessage());
        }
      }
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EvmVerifierParams.proven(SGD, 64, 1, 200));
    assertTrue(e.getMessage().contains("no blow-up proves"), e.getMessage());
  }

  /** {@code proven(min)}: PROVEN_100 but for the blow-up, at least {@code min} bits, and one blow-up less would not do. */
  private static EvmVerifierParams assertSmallest(OptimizerSpec rule, long params, int chunks, double min) {
    EvmVerifierParams p = EvmVerifierParams.proven(rule, params, chunks, min);
    String what = rule.kind() + " " + params + "x" + chunks + " min " + min + ": " + p.proof();
    assertTrue(p.provenBits() >= min, what + " proves " + p.provenBits());
    assertEquals(ProofParameters.PROVEN_100.toBuilder().blowupLog2(p.proof().blowupLog2()).build(), p.proof(), what);
    if (p.proof().blowupLog2() > ProofParameters.PROVEN_100.blowupLog2()) {
      ProofParameters smaller = p.proof().toBuilder().blowupLog2(p.proof().blowupLog2() - 1).build();
      CompiledAir ca = CompiledAir.of(p.stepAir(0, 0));
      double below;
      try {
        below = SecurityBound.bits(ProofShape.of(smaller, ca), ca);
      } catch (IllegalArgumentException cannotProve) {
        below = Double.NEGATIVE_INFINITY;
      }
      assertTrue(below < min, what + ": one blow-up less already proves " + below);
    }
    return p;
  }

  @Test
  void a_run_of_another_statement_is_named_by_its_first_differing_field() throws Exception {
    EvmVerifierParams file = EvmVerifierParams.proven(ADAM, 64, 2, 100);
    file.requireStatement(ADAM, 64, 2);
    assertMismatch(file, SGD, 64, 2, "optimizer.kind", "\"adam\"", "\"sgd\"");
    assertMismatch(file, new OptimizerSpec.Adam(32, 214748364L, 3865470566L, 4290672329L, 43, 4252017623L), 64, 2, "optimizer.lr",
        "\"214748365\"", "\"214748364\"");
    assertMismatch(file, new OptimizerSpec.Adam(32, 214748365L, 3865470566L, 4290672329L, 44, 4252017623L), 64, 2, "optimizer.eps",
        "\"43\"", "\"44\"");
    assertMismatch(file, new OptimizerSpec.Adam(31, 214748365L, 1865470566L, 2090672329L, 43, 2052017623L), 64, 2, "optimizer.beta1",
        "\"3865470566\"", "\"1865470566\"");
    assertMismatch(file, ADAM, 128, 2, "parameters", "64", "128");
    assertMismatch(file, ADAM, 64, 4, "chunks", "2", "4");
  }

  private static void assertMismatch(EvmVerifierParams file, OptimizerSpec rule, long params, int chunks, String field, String expected,
      String actual) {
    CoreException e = assertThrows(CoreException.class, () -> file.requireStatement(rule, params, chunks), field);
    assertEquals(CoreException.Reason.BAD_FIELD, e.reason());
    assertEquals(field, e.field(), e.getMessage());
    assertEquals(expected, e.expected(), e.getMessage());
    assertEquals(actual, e.actual(), e.getMessage());
  }
}
