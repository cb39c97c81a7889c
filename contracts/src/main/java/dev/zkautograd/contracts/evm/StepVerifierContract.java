package dev.zkautograd.contracts.evm;

import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthEstimateGas;

/**
 * A deployed {@code IStepProofVerifier} (a generated verifier), asked over JSON-RPC: {@code eth_call}
 * for the verdict with the contract's revert reason, {@code eth_estimateGas} for what a transaction
 * calling it would pay.
 */
public final class StepVerifierContract {
  /** Under the per-transaction gas cap of 2^24 (EIP-7825). */
  public static final BigInteger CALL_GAS = BigInteger.valueOf(16_000_000);

  private final Web3j web3;
  private final String address;
  private final String from;

  public StepVerifierContract(Web3j web3, String address, String from) {
    this.web3 = web3;
    this.address = address;
    this.from = from;
  }

  public String address() {
    return address;
  }

  /** The verdict: null when the proof verifies, otherwise the contract's revert reason. */
  public String verify(byte[] proof, long step, int chunk, byte[] stateIn, byte[] stateOut) throws java.io.IOException {
    EthCall r = web3.ethCall(call(proof, step, chunk, stateIn, stateOut), DefaultBlockParameterName.LATEST).send();
    if (r.hasError()) {
      return r.getError().getMessage();
    }
    return r.isReverted() ? r.getRevertReason() : null;
  }

  /** Gas of a transaction that calls verifyStep with these arguments (it must verify). */
  public long estimateGas(byte[] proof, long step, int chunk, byte[] stateIn, byte[] stateOut) throws java.io.IOException {
    EthEstimateGas g = web3.ethEstimateGas(call(proof, step, chunk, stateIn, stateOut)).send();
    if (g.hasError()) {
      throw new java.io.IOException("eth_estimateGas: " + g.getError().getMessage());
    }
    return g.getAmountUsed().longValueExact();
  }

  private Transaction call(byte[] proof, long step, int chunk, byte[] stateIn, byte[] stateOut) {
    return Transaction.createFunctionCallTransaction(from, null, null, CALL_GAS, address, encode(proof, step, chunk, stateIn, stateOut));
  }

  /** ABI call data of verifyStep. */
  public static String encode(byte[] proof, long step, int chunk, byte[] stateIn, byte[] stateOut) {
    return FunctionEncoder.encode(new Function("verifyStep", List.of(new DynamicBytes(proof), new Uint64(BigInteger.valueOf(step)),
        new Uint32(BigInteger.valueOf(chunk)), new Bytes32(stateIn), new Bytes32(stateOut)), List.of()));
  }
}
