package dev.zkautograd.ezkl;

import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.ezkl.EzklException.Reason;
import dev.zkautograd.ezkl.worker.EzklWorker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * EZKL's Solidity verifier of a key folder ({@code ezkl.create_evm_verifier}, one contract holding
 * the verifying key) and, for a proof, its calldata ({@code ezkl.encode_evm_calldata}). Compiling and
 * deploying the contract belongs to the {@code contracts} module.
 */
public final class EvmVerifier {
  public static final String SOLIDITY = "EzklVerifier.sol";
  public static final String ABI = "EzklVerifier.abi.json";
  public static final String CALLDATA = "calldata.bin";

  static final Duration TIMEOUT = Duration.ofMinutes(30);

  private EvmVerifier() {}

  /** What was written; {@code calldata} is null without a proof. */
  public record Written(Path solidity, long solidityBytes, Path abi, Path calldata, long calldataBytes) {}

  /**
   * Writes the contract and its ABI under {@code out}, and the calldata of {@code proof} if not null.
   *
   * @param keys a folder checked for {@link KeyDirectory.Use#VERIFY}
   */
  public static Written write(KeyDirectory keys, Path out, Path proof, EzklWorker worker) throws EzklException {
    try {
      Files.createDirectories(out);
      Path sol = out.resolve(SOLIDITY).toAbsolutePath();
      Path abi = out.resolve(ABI).toAbsolutePath();
      JsonObject.Builder req = JsonObject.builder()
          .put("vk", keys.file(KeyDirectory.VERIFYING_KEY).toAbsolutePath().toString())
          .put("settings", keys.file(KeyDirectory.SETTINGS).toAbsolutePath().toString())
          .put("srs", keys.file(KeyDirectory.SRS).toAbsolutePath().toString())
          .put("sol", sol.toString())
          .put("abi", abi.toString());
      Path calldata = null;
      if (proof != null) {
        if (!Files.isRegularFile(proof)) {
          throw EzklException.of(Reason.BAD_KEYS, "--proof " + proof + " is not a file");
        }
        calldata = out.resolve(CALLDATA).toAbsolutePath();
        req.put("proof", proof.toAbsolutePath().toString()).put("calldata", calldata.toString());
      }
      worker.call("evm_verifier", req.build(), TIMEOUT);
      return new Written(sol, Files.size(sol), abi, calldata, calldata == null ? 0 : Files.size(calldata));
    } catch (IOException e) {
      throw EzklException.of(Reason.BAD_KEYS, "cannot write the verifier under " + out + ": " + e.getMessage(), e);
    }
  }
}
