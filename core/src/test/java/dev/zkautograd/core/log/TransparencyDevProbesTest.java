package dev.zkautograd.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.hash.Digest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Our verifiers against every inclusion and consistency probe of transparency-dev/merkle (copied
 * into {@code vectors/log/transparency-dev}, see its README): we must reject exactly the probes
 * they reject.
 */
class TransparencyDevProbesTest {
  private static final Path PROBES = VectorFiles.root().resolve("log/transparency-dev");
  /**
   * The one probe we cannot agree with: it expects equal 12-byte "roots" to be consistent, and our
   * typed API only holds 32-byte SHA-256 roots (a 12-byte root is refused when read).
   */
  private static final Set<String> UNREPRESENTABLE_SUCCESS =
      Set.of("consistency/additional/sizes-are-equal-one-and-proof-is-empty.json");

  /** A probe hash that is not 32 bytes, refused before any proof is checked. */
  private static final class NotADigest extends Exception {
    private static final long serialVersionUID = 1L;
  }

  @TestFactory
  Stream<DynamicTest> inclusionProbes() {
    return probes("inclusion", p -> new InclusionProof(p.get("leafIdx").asLong(),
            p.get("treeSize").asLong(), digests(p.get("proof")))
        .verify(digest(p.get("leafHash")), digest(p.get("root"))),
        Reason.INCLUSION_PROOF_INVALID);
  }

  @TestFactory
  Stream<DynamicTest> consistencyProbes() {
    return probes("consistency", p -> new ConsistencyProof(p.get("size1").asLong(),
            p.get("size2").asLong(), digests(p.get("proof")))
        .verify(digest(p.get("root1")), digest(p.get("root2"))),
        Reason.CONSISTENCY_PROOF_INVALID);
  }

  interface Probe {
    void check(JsonNode probe) throws CoreException, NotADigest;
  }

  private static Stream<DynamicTest> probes(String kind, Probe check, Reason reason) {
    List<Path> files = VectorFiles.jsonFiles(PROBES.resolve(kind));
    assertFalse(files.size() < 50, "expected the transparency-dev probes in " + PROBES);
    return files.stream().map(file -> {
      String name = PROBES.relativize(file).toString().replace('\\', '/');
      return DynamicTest.dynamicTest(name, () -> {
        JsonNode p = VectorFiles.read(file);
        boolean wantErr = p.get("wantErr").asBoolean();
        try {
          check.check(p);
          if (wantErr) {
            fail("accepted a probe transparency-dev rejects: " + p.get("desc").asText());
          }
        } catch (CoreException e) {
          assertEquals(reason, e.reason(), e.getMessage());
          if (!wantErr) {
            fail("rejected a probe transparency-dev accepts: " + e.getMessage());
          }
        } catch (NotADigest e) {
          assertTrue(wantErr || UNREPRESENTABLE_SUCCESS.contains(name),
              "a good probe with a hash that is not 32 bytes: " + name);
        }
      });
    });
  }

  private static Digest digest(JsonNode base64) throws NotADigest {
    byte[] b = base64 == null || base64.isNull() ? new byte[0] : Base64.getDecoder().decode(base64.asText());
    if (b.length != Digest.LENGTH) {
      throw new NotADigest();
    }
    return Digest.of(b);
  }

  private static List<Digest> digests(JsonNode array) throws NotADigest {
    List<Digest> out = new ArrayList<>();
    if (array != null && !array.isNull()) {
      for (JsonNode n : array) {
        out.add(digest(n));
      }
    }
    return out;
  }
}
