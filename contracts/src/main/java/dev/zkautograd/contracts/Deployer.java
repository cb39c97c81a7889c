package dev.zkautograd.contracts;

import java.io.IOException;
import java.math.BigInteger;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/** Deploys creation bytecode (a generated verifier has no binding class of its own) and waits for the receipt. */
public final class Deployer {
  private Deployer() {}

  /** Sends the creation transaction and returns its receipt; the contract's address is {@code receipt.getContractAddress()}. */
  public static TransactionReceipt deploy(Web3j web3, Credentials from, long chainId, String bytecodeHex, BigInteger gasLimit)
      throws IOException {
    RawTransactionManager tm = new RawTransactionManager(web3, from, chainId);
    BigInteger gasPrice = web3.ethGasPrice().send().getGasPrice().multiply(BigInteger.TWO);
    EthSendTransaction sent = tm.sendTransaction(gasPrice, gasLimit, null, "0x" + bytecodeHex, BigInteger.ZERO, true);
    if (sent.hasError()) {
      throw new IOException("deployment refused: " + sent.getError().getMessage());
    }
    try {
      TransactionReceipt r = new PollingTransactionReceiptProcessor(web3, 100, 600).waitForTransactionReceipt(sent.getTransactionHash());
      if (!r.isStatusOK()) throw new IOException("deployment reverted: " + r.getRevertReason());
      return r;
    } catch (TransactionException e) {
      throw new IOException("no receipt for the deployment " + sent.getTransactionHash() + ": " + e.getMessage(), e);
    }
  }
}
