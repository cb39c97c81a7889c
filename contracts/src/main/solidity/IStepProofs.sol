// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @notice What RunAnchor asks of a proof system (docs/anchoring.md, "EVM"): one chunk proof of a run, checked
/// against the run's registered rule at a step and chunk. Implemented for the STARK by ZkapStepProofs and for
/// EZKL by EzklStepProofs.
interface IStepProofs {
    /// @notice Verifies `proof` as the proof of chunk `chunk` of step `step` under `rule` (the statement prefix
    /// the run registered) and returns what the step record must name: the SHA-256 of the proof file, and the
    /// chunk's state roots before and after the step as the proof states them.
    /// @dev Reverts with a reason when the proof is not such a proof.
    function open(bytes calldata proof, bytes calldata rule, uint64 step, uint32 chunk)
        external view returns (bytes32 proofSha256, bytes32 stateIn, bytes32 stateOut);
}
