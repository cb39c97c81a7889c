package dev.zkautograd.zk.proof;

import dev.zkautograd.zk.field.Felt;
import dev.zkautograd.zk.merkle.BatchOpening;
import dev.zkautograd.zk.params.ProofParameters;
import java.util.List;

/**
 * A parsed proof: the typed form of the bytes specified in docs/proof-system.md. Holds no secret.
 *
 * @param params the parameters it was made with
 * @param statement the AIR's public statement bytes
 * @param segmentRoots Merkle roots of every committed trace segment, in layout order (main, then aux)
 * @param compositionRoot root of the randomised composition pieces and the FRI mask
 * @param oodTrace every trace column at z
 * @param oodNext the next-row columns at z * w
 * @param oodComposition the composition pieces at z
 * @param friRoots roots of FRI layers 0..R-1
 * @param finalPolynomial coefficients of the last FRI layer
 * @param powNonce the grinding nonce
 * @param segmentOpenings openings of every segment at the queries, in layout order
 * @param compositionOpening opening of the composition tree at the queries
 * @param friOpenings opening of each FRI layer at the folded queries
 */
public record StarkProof(
    ProofParameters params,
    byte[] statement,
    List<byte[]> segmentRoots,
    byte[] compositionRoot,
    List<Felt> oodTrace,
    List<Felt> oodNext,
    List<Felt> oodComposition,
    List<byte[]> friRoots,
    List<Felt> finalPolynomial,
    long powNonce,
    List<BatchOpening> segmentOpenings,
    BatchOpening compositionOpening,
    List<BatchOpening> friOpenings) {

  public StarkProof {
    segmentRoots = List.copyOf(segmentRoots);
    oodTrace = List.copyOf(oodTrace);
    oodNext = List.copyOf(oodNext);
    oodComposition = List.copyOf(oodComposition);
    friRoots = List.copyOf(friRoots);
    finalPolynomial = List.copyOf(finalPolynomial);
    segmentOpenings = List.copyOf(segmentOpenings);
    friOpenings = List.copyOf(friOpenings);
  }
}
