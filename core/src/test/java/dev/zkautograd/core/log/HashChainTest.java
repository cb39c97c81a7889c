package dev.zkautograd.core.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.hash.Digest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HashChainTest {
  @Test
  void labelsAreVersionedAsciiEndingInZero() {
    assertArrayEquals("zk-autograd/chain/v1/genesis\0".getBytes(StandardCharsets.US_ASCII),
        HashChain.GENESIS_LABEL);
    assertArrayEquals("zk-autograd/chain/v1/link\0".getBytes(StandardCharsets.US_ASCII),
        HashChain.LINK_LABEL);
  }

  @Test
  void genesisIsTheDocumentedHash() {
    // docs/formats/transparency-log.md, "Hash chain": the same value, computed by hand.
    Digest want = Digest.sha256("zk-autograd/chain/v1/genesis\0run-20261124-101500"
        .getBytes(StandardCharsets.UTF_8));
    assertEquals(want, HashChain.genesis("run-20261124-101500"));
    assertNotEquals(HashChain.genesis("run-a"), HashChain.genesis("run-b"));
  }

  @Test
  void nextHashesPrevThenRecord() {
    Digest prev = HashChain.genesis("r");
    byte[] record = "{\"step\":0}".getBytes(StandardCharsets.UTF_8);
    assertEquals(Digest.sha256(HashChain.LINK_LABEL, prev.bytes(), record),
        HashChain.next(prev, record));
  }

  @Test
  void genesisRefusesIdsWithoutOneEncoding() {
    assertThrows(IllegalArgumentException.class, () -> HashChain.genesis(""));
    assertThrows(IllegalArgumentException.class, () -> HashChain.genesis("run-\uD800"));
    assertThrows(IllegalArgumentException.class, () -> HashChain.genesis("\uDC00run"));
    HashChain.genesis("run-\uD83D\uDE00"); // a surrogate pair is fine
  }

  @Test
  void checkLinkReportsTheStepAndBothValues() throws CoreException {
    Digest prev = HashChain.genesis("r");
    byte[] record = "x".getBytes(StandardCharsets.UTF_8);
    Digest good = HashChain.next(prev, record);
    HashChain.checkLink(4, prev, record, good);
    CoreException e = assertThrows(CoreException.class,
        () -> HashChain.checkLink(4, prev, "y".getBytes(StandardCharsets.UTF_8), good));
    assertEquals(Reason.CHAIN_MISMATCH, e.reason());
    assertEquals(4L, e.step());
    assertEquals(good.hex(), e.actual());
  }
}
