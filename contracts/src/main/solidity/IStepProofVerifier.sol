// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @notice A verifier of one zk-Autograd STARK step proof (format ZKAP v1, docs/proof-system.md).
/// @dev Reverts with a reason when the proof does not verify; returns nothing to forget to check.
interface IStepProofVerifier {
    function verifyStep(bytes calldata proof) external view;
}
