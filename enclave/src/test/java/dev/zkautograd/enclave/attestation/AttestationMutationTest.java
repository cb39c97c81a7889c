package dev.zkautograd.enclave.attestation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.upokecenter.cbor.CBORObject;
import dev.zkautograd.enclave.Jobs;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutations of a real local document — byte flips, cuts, insertions, and edits of single
 * CBOR values inside the payload re-signed by the genuine leaf key is not possible, so edits stay
 * unsigned — are refused with an {@link AttestationException}, never accepted and never anything
 * else. {@code -Dzka.seed=N} repeats a run.
 */
class AttestationMutationTest {
  @Test
  void mutated_documents_are_refused_with_a_reason(@TempDir Path dir) throws Exception {
    Instant now = Instant.parse("2026-11-24T10:15:00Z");
    LocalAttestor a = LocalAttestor.open(dir, LocalAttestor.defaultPcrs(), Clock.fixed(now, ZoneOffset.UTC));
    byte[] nonce = RunAttestation.nonce("run-x");
    byte[] good = a.attest(nonce, KeyBinding.userData(Jobs.signer(1).publicKey()), null);
    NitroAttestationVerifier v = new NitroAttestationVerifier(new AttestationPolicy(a.root(), Map.of(), AttestationPolicy.DEFAULT_FRESHNESS));
    v.verify(good, nonce, now, null);
    long base = Long.getLong("zka.seed", new Random().nextLong());
    for (int i = 0; i < 400; i++) {
      long seed = base + i;
      Random r = new Random(seed);
      byte[] m = mutate(good, r);
      if (Arrays.equals(m, good)) continue;
      try {
        v.verify(m, nonce, now, null);
        throw new AssertionError("seed " + seed + " (rerun with -Dzka.seed=" + seed + "): a mutated document verified");
      } catch (AttestationException expected) {
        assertTrue(expected.getMessage().length() > 0);
      } catch (RuntimeException e) {
        throw new AssertionError("seed " + seed + " (rerun with -Dzka.seed=" + seed + "): " + e, e);
      }
    }
  }

  static byte[] mutate(byte[] in, Random r) {
    byte[] b = in.clone();
    switch (r.nextInt(4)) {
      case 0 -> b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
      case 1 -> b = Arrays.copyOf(b, r.nextInt(b.length));
      case 2 -> {
        int at = r.nextInt(b.length + 1);
        byte[] out = new byte[b.length + 1];
        System.arraycopy(b, 0, out, 0, at);
        out[at] = (byte) r.nextInt(256);
        System.arraycopy(b, at, out, at + 1, b.length - at);
        b = out;
      }
      default -> {
        // replace one member of the document map, keeping the old signature
        CBORObject cose = CBORObject.DecodeFromBytes(in);
        CBORObject doc = CBORObject.DecodeFromBytes(cose.get(2).GetByteString());
        String[] keys = {"module_id", "digest", "timestamp", "pcrs", "certificate", "cabundle", "public_key", "user_data", "nonce"};
        String k = keys[r.nextInt(keys.length)];
        doc.set(k, r.nextBoolean() ? CBORObject.Null : CBORObject.FromObject(r.nextInt(1000)));
        cose.set(2, CBORObject.FromObject(doc.EncodeToBytes()));
        b = cose.EncodeToBytes();
      }
    }
    return b;
  }
}
