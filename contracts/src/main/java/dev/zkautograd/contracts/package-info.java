/**
 * RunAnchor.sol, the generated on-chain verifier and anchoring over web3j (issue 8).
 */
package dev.zkautograd.contracts;
