// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import "./IStepProofVerifier.sol";
import "./IStepProofs.sol";

/// @title The STARK's step proofs for RunAnchor (docs/anchoring.md, "EVM").
/// @notice A proof is the ZKAP v1 file itself: its statement must be the rule at the step and chunk, its
/// header's state roots are the roots it states, and the generated verifier must accept it with them.
contract ZkapStepProofs is IStepProofs {
    IStepProofVerifier public immutable verifier;

    constructor(IStepProofVerifier stepVerifier) {
        verifier = stepVerifier;
    }

    function open(bytes calldata proof, bytes calldata rule, uint64 step, uint32 chunk)
        external view returns (bytes32 proofSha256, bytes32 stateIn, bytes32 stateOut)
    {
        Zkap.Header memory h = Zkap.header(proof);
        require(h.statementLength >= rule.length + 20, "ZkapStepProofs: statement too short");
        require(keccak256(proof[h.statementAt:h.statementAt + rule.length]) == keccak256(rule), "ZkapStepProofs: proof of another rule");
        require(Zkap.u64(proof, h.statementAt + rule.length) == step, "ZkapStepProofs: proof of another step");
        require(Zkap.u32(proof, h.statementAt + rule.length + 16) == chunk, "ZkapStepProofs: proof of another chunk");
        verifier.verifyStep(proof, step, chunk, h.stateIn, h.stateOut);
        return (sha256(proof), h.stateIn, h.stateOut);
    }
}

/// @notice Where the fields of a ZKAP v1 proof header are (docs/proof-system.md, "Proof format").
library Zkap {
    struct Header {
        uint256 statementAt;
        uint256 statementLength;
        bytes32 stateIn;
        bytes32 stateOut;
    }

    function u16(bytes calldata b, uint256 pos) internal pure returns (uint256) {
        return uint256(uint8(b[pos])) << 8 | uint256(uint8(b[pos + 1]));
    }

    function u32(bytes calldata b, uint256 pos) internal pure returns (uint32) {
        return uint32(bytes4(b[pos:pos + 4]));
    }

    function u64(bytes calldata b, uint256 pos) internal pure returns (uint64) {
        return uint64(bytes8(b[pos:pos + 8]));
    }

    /// @dev magic "ZKAP", version 1, 5 parameter bytes, u16 statement length, statement, u8 root count
    /// (4: state_in, step, state_out, aux), roots.
    function header(bytes calldata p) internal pure returns (Header memory h) {
        require(p.length > 16 && bytes4(p[0:4]) == 0x5a4b4150 && u16(p, 4) == 1, "Zkap: not a ZKAP v1 proof");
        h.statementLength = u16(p, 11);
        h.statementAt = 13;
        uint256 rootsAt = h.statementAt + h.statementLength;
        require(p.length >= rootsAt + 1 + 4 * 32 && uint8(p[rootsAt]) == 4, "Zkap: not a step proof (four segment roots)");
        h.stateIn = bytes32(p[rootsAt + 1:rootsAt + 33]);
        h.stateOut = bytes32(p[rootsAt + 65:rootsAt + 97]);
    }
}
