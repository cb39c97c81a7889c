package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import dev.zkautograd.core.hash.Digest;
import java.nio.charset.StandardCharsets;

/** {@code merkle_root.txt}: the RFC 9162 root of the step log as 64 lower-case hex digits and one LF. */
public final class MerkleRootFile {
  private MerkleRootFile() {}

  public static byte[] format(Digest root) {
    return (root.hex() + "\n").getBytes(StandardCharsets.US_ASCII);
  }

  public static Digest parse(byte[] bytes) throws CoreException {
    if (bytes.length != 65 || bytes[64] != '\n') {
      throw CoreException.of(Reason.MALFORMED, "merkle_root.txt must be 64 hex digits and a newline")
          .file(RunLayout.MERKLE_ROOT).expected("65 bytes ending in LF").actual(bytes.length + " bytes").build();
    }
    try {
      return Digest.parseHex(new String(bytes, 0, 64, StandardCharsets.ISO_8859_1), "root");
    } catch (CoreException e) {
      throw e.at(RunLayout.MERKLE_ROOT, null);
    }
  }
}
