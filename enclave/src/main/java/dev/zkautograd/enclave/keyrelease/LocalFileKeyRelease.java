package dev.zkautograd.enclave.keyrelease;

import dev.zkautograd.core.secret.InsecureSecretAccess;
import dev.zkautograd.core.secret.SecretBytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.SecureRandom;

/**
 * The step-signing seed in a local file (32 raw bytes, owner-only), created on first use: for a
 * prover outside any TEE. The policy check of {@link KeyRelease#release} still runs, so a service
 * configured with a PCR policy its attestor does not meet refuses to start here too; but whoever
 * reads the file has the key.
 */
public final class LocalFileKeyRelease extends KeyRelease {
  private final Path file;

  public LocalFileKeyRelease(Path file) {
    this.file = file;
  }

  @Override
  protected SecretBytes fetch(byte[] attestation, PrivateKey recipient) throws KeyReleaseException {
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.write(tmp, SecretBytes.random(32, new SecureRandom()).toByteArray(InsecureSecretAccess.get()));
        try {
          Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
          // not POSIX: the folder's permissions are all there is
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      }
      return secret(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new KeyReleaseException(KeyReleaseException.Reason.UNAVAILABLE, "cannot read or create " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return "local key file " + file;
  }
}
