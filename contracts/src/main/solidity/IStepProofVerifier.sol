// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @notice A verifier of one zk-Autograd STARK step proof (format ZKAP v1, docs/proof-system.md) against its
/// public inputs: the step, the chunk, and the chunk's state roots before and after the step (docs/evm-verifier.md).
/// @dev Reverts with a reason when the proof does not verify; returns nothing to forget to check.
interface IStepProofVerifier {
    function verifyStep(bytes calldata proof, uint64 step, uint32 chunk, bytes32 stateIn, bytes32 stateOut) external view;
}
