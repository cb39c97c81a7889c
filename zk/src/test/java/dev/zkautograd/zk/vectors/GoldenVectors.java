package dev.zkautograd.zk.vectors;

import dev.zkautograd.core.secret.InsecureSecretAccess;
import dev.zkautograd.core.secret.SecretBytes;
import dev.zkautograd.zk.BlindingSeed;
import dev.zkautograd.zk.StepProof;
import dev.zkautograd.zk.StepStatement;
import dev.zkautograd.zk.StepWitness;
import dev.zkautograd.zk.backend.StarkBackend;
import dev.zkautograd.zk.field.Felt;
import dev.zkautograd.zk.merkle.BatchOpening;
import dev.zkautograd.zk.params.ProofParameters;
import dev.zkautograd.zk.proof.ProofCodec;
import dev.zkautograd.zk.proof.StarkProof;
import dev.zkautograd.zk.prover.RandomSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bouncycastle.util.encoders.Hex;

/**
 * Generates the golden proof vector and the deliberately broken ones under
 * {@code zk/src/test/resources/vectors/proof/}. Deterministic: the prover's randomness and the
 * blinding master secret come from fixed seeds. Run from the repository root:
 *
 * <pre>
 *   mvn -q -B -ntp -pl zk -am test-compile
 *   java -cp "$(cat zk/target/test-classpath.txt)" dev.zkautograd.zk.vectors.GoldenVectors
 * </pre>
 *
 * (docs/proof-system.md, "Test vectors", has the classpath line.)
 */
public final class GoldenVectors {
  /** Parameters of the golden vector: blow-up 16 so that 64 parameters prove at least 100 bits. */
  public static final ProofParameters PARAMS =
      ProofParameters.builder().blowupLog2(4).queries(110).grindingBits(20).foldingLog2(2).build();
  static final String GOLDEN = "sgd-64.OK.proof";
  static final String INPUTS = "sgd-64.inputs";

  private GoldenVectors() {}

  /** The statement and witness of the golden vector. */
  static StepStatement statement() {
    return StepStatement.sgd(42950, 1L << 32, 41, 64, 0, 0, 64).withLimbBits(8);
  }

  /** The golden proof, regenerated deterministically. */
  public static StepProof golden() throws Exception {
    Random r = new Random(20261124);
    long[] w = new long[64];
    long[] g = new long[64];
    for (int i = 0; i < 64; i++) {
      w[i] = (r.nextLong() >> 20);
      g[i] = (r.nextLong() >> 30);
    }
    SecretBytes master = SecretBytes.copyFrom("golden vector master secret (public on purpose)".getBytes(StandardCharsets.US_ASCII),
        InsecureSecretAccess.get());
    Random prover = new Random(4);
    RandomSource rs = prover::nextBytes;
    return new StarkBackend(PARAMS, rs).prove(statement(),
        new StepWitness(w, g, BlindingSeed.derive(master, 0, 41), BlindingSeed.derive(master, 0, 42)));
  }

  /** key=value lines: the public inputs the vectors are verified against. */
  static String inputsFile(StepProof p) {
    return "statement=" + Hex.toHexString(p.publicInputs().statement().toBytes()) + "\n"
        + "root_state_in=" + p.publicInputs().rootStateIn().hex() + "\n"
        + "root_state_out=" + p.publicInputs().rootStateOut().hex() + "\n";
  }

  /** Broken vectors, by file name "description.REASON.proof". */
  static Map<String, byte[]> broken(byte[] good) throws Exception {
    StarkProof p = ProofCodec.decode(good);
    Map<String, byte[]> out = new LinkedHashMap<>();
    out.put("truncated-by-one-byte.MALFORMED.proof", Arrays.copyOf(good, good.length - 1));
    byte[] trailing = Arrays.copyOf(good, good.length + 1);
    out.put("trailing-byte.MALFORMED.proof", trailing);
    byte[] magic = good.clone();
    magic[0] = 'X';
    out.put("bad-magic.UNSUPPORTED_VERSION.proof", magic);
    byte[] version = good.clone();
    version[ProofCodec.MAGIC.length + 1] = 2;
    out.put("format-version-2.UNSUPPORTED_VERSION.proof", version);
    out.put("queries-lowered-to-20.WEAK_PARAMETERS.proof", ProofCodec.encode(with(p, b -> b.params(
        PARAMS.toBuilder().queries(20).build()))));
    out.put("grinding-lowered-to-0.WEAK_PARAMETERS.proof", ProofCodec.encode(with(p, b -> b.params(
        PARAMS.toBuilder().grindingBits(0).build()))));
    List<Felt> ood = new ArrayList<>(p.oodTrace());
    ood.set(0, ood.get(0).add(Felt.ONE));
    out.put("ood-value-changed.PROOF_OF_WORK_INVALID.proof", ProofCodec.encode(with(p, b -> b.oodTrace(ood))));
    List<byte[]> roots = new ArrayList<>(p.segmentRoots());
    byte[] root = roots.get(0).clone();
    root[0] ^= 1;
    roots.set(0, root);
    out.put("state-in-root-changed.PUBLIC_INPUT_MISMATCH.proof", ProofCodec.encode(with(p, b -> b.segmentRoots(roots))));
    byte[] statement = p.statement().clone();
    statement[statement.length - 30] ^= 1; // inside the step number
    out.put("step-number-changed.PUBLIC_INPUT_MISMATCH.proof", ProofCodec.encode(with(p, b -> b.statement(statement))));
    BatchOpening o = p.segmentOpenings().get(1);
    byte[][] salts = o.salts().clone();
    salts[0] = salts[0].clone();
    salts[0][5] ^= 0x40;
    List<BatchOpening> openings = new ArrayList<>(p.segmentOpenings());
    openings.set(1, new BatchOpening(o.indices(), salts, o.values(), o.nodes()));
    out.put("step-segment-salt-changed.COMMITMENT_MISMATCH.proof", ProofCodec.encode(with(p, b -> b.segmentOpenings(openings))));
    BatchOpening f = p.friOpenings().get(0);
    long[][] vals = f.values().clone();
    vals[0] = vals[0].clone();
    Felt.at(vals[0], 1).add(Felt.ONE).store(vals[0], 1);
    List<BatchOpening> fri = new ArrayList<>(p.friOpenings());
    fri.set(0, new BatchOpening(f.indices(), f.salts(), vals, f.nodes()));
    out.put("fri-value-changed.COMMITMENT_MISMATCH.proof", ProofCodec.encode(with(p, b -> b.friOpenings(fri))));
    return out;
  }

  /** A mutable copy of a proof's fields, for breaking it. */
  static final class Copy {
    StarkProof p;

    Copy(StarkProof p) {
      this.p = p;
    }

    Copy params(ProofParameters v) {
      p = new StarkProof(v, p.statement(), p.segmentRoots(), p.compositionRoot(), p.oodTrace(), p.oodNext(), p.oodComposition(),
          p.friRoots(), p.finalPolynomial(), p.powNonce(), p.segmentOpenings(), p.compositionOpening(), p.friOpenings());
      return this;
    }

    Copy statement(byte[] v) {
      p = new StarkProof(p.params(), v, p.segmentRoots(), p.compositionRoot(), p.oodTrace(), p.oodNext(), p.oodComposition(),
          p.friRoots(), p.finalPolynomial(), p.powNonce(), p.segmentOpenings(), p.compositionOpening(), p.friOpenings());
      return this;
    }

    Copy segmentRoots(List<byte[]> v) {
      p = new StarkProof(p.params(), p.statement(), v, p.compositionRoot(), p.oodTrace(), p.oodNext(), p.oodComposition(),
          p.friRoots(), p.finalPolynomial(), p.powNonce(), p.segmentOpenings(), p.compositionOpening(), p.friOpenings());
      return this;
    }

    Copy oodTrace(List<Felt> v) {
      p = new StarkProof(p.params(), p.statement(), p.segmentRoots(), p.compositionRoot(), v, p.oodNext(), p.oodComposition(),
          p.friRoots(), p.finalPolynomial(), p.powNonce(), p.segmentOpenings(), p.compositionOpening(), p.friOpenings());
      return this;
    }

    Copy segmentOpenings(List<BatchOpening> v) {
      p = new StarkProof(p.params(), p.statement(), p.segmentRoots(), p.compositionRoot(), p.oodTrace(), p.oodNext(),
          p.oodComposition(), p.friRoots(), p.finalPolynomial(), p.powNonce(), v, p.compositionOpening(), p.friOpenings());
      return this;
    }

    Copy friOpenings(List<BatchOpening> v) {
      p = new StarkProof(p.params(), p.statement(), p.segmentRoots(), p.compositionRoot(), p.oodTrace(), p.oodNext(),
          p.oodComposition(), p.friRoots(), p.finalPolynomial(), p.powNonce(), p.segmentOpenings(), p.compositionOpening(), v);
      return this;
    }
  }

  static StarkProof with(StarkProof p, java.util.function.UnaryOperator<Copy> edit) {
    return edit.apply(new Copy(p)).p;
  }

  /** Writes every vector into {@code dir} (default: the test resources folder). */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "zk/src/test/resources/vectors/proof");
    Files.createDirectories(dir);
    StepProof p = golden();
    write(dir.resolve(GOLDEN), p.proof());
    Files.writeString(dir.resolve(INPUTS), inputsFile(p));
    for (Map.Entry<String, byte[]> e : broken(p.proof()).entrySet()) {
      write(dir.resolve(e.getKey()), e.getValue());
    }
    System.out.println("wrote vectors to " + dir.toAbsolutePath());
  }

  private static void write(Path f, byte[] b) throws IOException {
    Files.write(f, b);
  }
}
