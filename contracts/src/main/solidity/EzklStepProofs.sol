// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import "./IStepProofs.sol";
import "./EzklPoseidon.sol";

/// @title EZKL's step proofs for RunAnchor (docs/ezkl-backend.md, "On chain").
/// @notice One EZKL key folder on chain: the Halo2 verifier EZKL rendered for its verifying key, the optimizer
/// its circuit proves and the circuit's scale. A proof is `abi.encode(bytes file, bytes statement, uint256
/// instancesAt, uint256 hexProofAt)`: the run's proof file (EZKL's proof JSON, byte for byte, which the step
/// record names by SHA-256), the chunk's statement bytes, and the offsets in the file of `"instances":[["` and
/// of `"hex_proof":"0x`. The contract checks what `EzklBackend.verify` checks off chain:
///  - the statement is the rule at the step and chunk, and the statement instance is the Poseidon hash of
///    the eight 32-bit words of SHA-256("zk-autograd/ezkl-statement/v1\n" || statement);
///  - each scalar instance is the Poseidon hash of the grid value the rule fixes for the step (lr, β1, β2, ε,
///    bc1, bc2, clip; SGD lr, clip), bc1 and bc2 in the integer arithmetic of StepScalars;
///  - EZKL's Halo2 verifier accepts the proof bytes with the instances;
/// and returns the state roots SHA-256("zk-autograd/ezkl-state/v1\n" || H(w) || H(m) || H(u)) before and
/// after the step (SGD: H(w), H(w')), for RunAnchor to find in the record.
/// @dev Which `"instances"` the offsets point at does not matter to soundness: whatever bytes are read, the
/// Halo2 verifier must accept them as a proof of this statement, these scalars and these state roots.
contract EzklStepProofs is IStepProofs {
    uint256 private constant P = EzklPoseidon.P;
    bytes private constant STATE_TAG = "zk-autograd/ezkl-state/v1\n";
    bytes private constant STATEMENT_TAG = "zk-autograd/ezkl-statement/v1\n";
    bytes private constant INSTANCES_KEY = '"instances":[["';
    bytes private constant HEX_PROOF_KEY = '"hex_proof":"0x';
    uint8 private constant SGD = 1;
    uint8 private constant ADAM = 2;
    /// @dev Fractional bits of β^t in the bias corrections (StepScalars.POWER_BITS).
    uint256 private constant POWER_BITS = 128;

    /// @notice EZKL's Halo2Verifier for the key folder's verifying key.
    address public immutable verifier;
    /// @notice The optimizer the circuit proves: 1 SGD, 2 Adam (the statement's optimizer code).
    uint8 public immutable optimizer;
    /// @notice The circuit's fixed-point scale: a real x is round(x · 2^scale).
    uint8 public immutable scale;

    constructor(address halo2Verifier, uint8 optimizerCode, uint8 circuitScale) {
        require(optimizerCode == SGD || optimizerCode == ADAM, "EzklStepProofs: unknown optimizer");
        require(circuitScale >= 4 && circuitScale <= 20, "EzklStepProofs: scale outside [4, 20]");
        verifier = halo2Verifier;
        optimizer = optimizerCode;
        scale = circuitScale;
    }

    function open(bytes calldata proof, bytes calldata rule, uint64 step, uint32 chunk)
        external view returns (bytes32 proofSha256, bytes32 stateIn, bytes32 stateOut)
    {
        (bytes memory file, bytes memory statement, uint256 instancesAt, uint256 hexProofAt) =
            abi.decode(proof, (bytes, bytes, uint256, uint256));
        uint256 inputs = optimizer == ADAM ? 12 : 5;
        (bytes32[] memory raw, uint256[] memory instances) = readInstances(file, instancesAt, inputs + (optimizer == ADAM ? 3 : 1));
        checkStatement(statement, rule, step, chunk);
        require(instances[inputs - 1] == EzklPoseidon.hash(statementWords(statement)), "EzklStepProofs: the statement instance is not the hash of this statement");
        checkScalars(instances, rule, step);
        verifyHalo2(readHexProof(file, hexProofAt), instances);
        (stateIn, stateOut) = stateRoots(raw, inputs);
        proofSha256 = sha256(file);
    }

    /// @dev Instances 4..10 (Adam) or 2..3 (SGD), after the vectors, hash the rule's scalars for the step.
    function checkScalars(uint256[] memory instances, bytes calldata rule, uint64 step) private view {
        uint256 vectors = optimizer == ADAM ? 4 : 2;
        uint256[] memory s = scalars(rule, step);
        for (uint256 i = 0; i < s.length; i++) {
            require(instances[vectors + i] == EzklPoseidon.hash1(s[i]), "EzklStepProofs: a scalar instance is not the hash of the value the rule fixes");
        }
    }

    function verifyHalo2(bytes memory halo2Proof, uint256[] memory instances) private view {
        (bool ok, bytes memory ret) = verifier.staticcall(abi.encodeWithSignature("verifyProof(bytes,uint256[])", halo2Proof, instances));
        require(ok && ret.length == 32 && abi.decode(ret, (bool)), "EzklStepProofs: the Halo2 verifier rejects the proof");
    }

    /// @dev The state digests of the instances of (w, m, u) and (w', m', u') (SGD: w and w'), as StateDigest.
    function stateRoots(bytes32[] memory raw, uint256 inputs) private view returns (bytes32 stateIn, bytes32 stateOut) {
        if (optimizer == ADAM) {
            stateIn = sha256(abi.encodePacked(STATE_TAG, raw[0], raw[2], raw[3]));
            stateOut = sha256(abi.encodePacked(STATE_TAG, raw[inputs + 2], raw[inputs], raw[inputs + 1]));
        } else {
            stateIn = sha256(abi.encodePacked(STATE_TAG, raw[0]));
            stateOut = sha256(abi.encodePacked(STATE_TAG, raw[inputs]));
        }
    }

    /// @notice The grid values of the scalar inputs for `step` under `rule`, in graph order (Adam: lr, β1, β2,
    /// ε, bc1, bc2, clip; SGD: lr, clip): what the proof's scalar instances must be the hashes of.
    function scalars(bytes calldata rule, uint64 step) public view returns (uint256[] memory s) {
        require(rule.length >= 4 && uint8(rule[0]) == 1, "EzklStepProofs: not a version-1 rule");
        require(uint8(rule[1]) == optimizer, "EzklStepProofs: the rule's optimizer is not the circuit's");
        uint256 count = uint8(rule[2]);
        require(count == (optimizer == ADAM ? 5 : 2) && rule.length == 4 + 8 * count, "EzklStepProofs: bad rule");
        require(uint8(rule[3 + 8 * count]) == 32, "EzklStepProofs: the circuit proves Q32 rules only");
        uint256[] memory h = new uint256[](count);
        for (uint256 i = 0; i < count; i++) {
            uint64 v = uint64(bytes8(rule[3 + 8 * i:11 + 8 * i]));
            require(v < 1 << 63, "EzklStepProofs: negative hyper-parameter");
            h[i] = v;
        }
        if (optimizer == SGD) {
            s = new uint256[](2);
            s[0] = atLeastOne(units(h[0]));
            s[1] = units(h[1]);
            return s;
        }
        uint256 t = uint256(step) + 1;
        s = new uint256[](7);
        s[0] = atLeastOne(units(h[0]));
        s[1] = units(h[1]);
        s[2] = units(h[2]);
        s[3] = atLeastOne(units(h[3]));
        // bc1 = round(2^scale / (1 − β1^t)) and bc2 = round(2^scale · sqrt((1 − β2) / (1 − β2^t))), with β^t in
        // Q128 (StepScalars).
        uint256 d1 = (uint256(1) << POWER_BITS) - power(h[1], t);
        s[4] = ((uint256(1) << (uint256(scale) + POWER_BITS + 1)) + d1) / (2 * d1);
        uint256 d2 = (uint256(1) << POWER_BITS) - power(h[2], t);
        s[5] = (sqrt((((uint256(1) << 32) - h[2]) << (POWER_BITS - 32 + 2 * uint256(scale) + 2)) / d2) + 1) >> 1;
        s[6] = units(h[4]);
    }

    /// @notice EZKL's Poseidon hash of `felts` (each below the field modulus): the hash a "hashed" input exposes.
    function poseidon(uint256[] calldata felts) external pure returns (uint256) {
        return EzklPoseidon.hash(felts);
    }

    /// @dev A Q32 value rounded to the grid, ties up (FixedPointGrid.unitsOfQ32).
    function units(uint256 q32) private view returns (uint256) {
        uint256 shift = 32 - uint256(scale);
        return (q32 + (uint256(1) << (shift - 1))) >> shift;
    }

    function atLeastOne(uint256 x) private pure returns (uint256) {
        return x == 0 ? 1 : x;
    }

    /// @dev β^t for a Q32 β, in Q128, each product rounded down (StepScalars.power).
    function power(uint256 beta, uint256 t) private pure returns (uint256 r) {
        r = uint256(1) << POWER_BITS;
        uint256 b = beta << (POWER_BITS - 32);
        for (uint256 e = t; e != 0; e >>= 1) {
            if (e & 1 == 1) r = (r * b) >> POWER_BITS;
            b = (b * b) >> POWER_BITS;
        }
    }

    /// @dev floor(sqrt(y)).
    function sqrt(uint256 y) private pure returns (uint256 z) {
        if (y > 3) {
            z = y;
            uint256 x = y / 2 + 1;
            while (x < z) {
                z = x;
                x = (y / x + x) / 2;
            }
        } else if (y != 0) {
            z = 1;
        }
    }

    /// @dev The statement is the rule, then step u64, parameter count u64, chunk u32, offset u64, length u32 and
    /// limb width u8 (StepStatement.toBytes).
    function checkStatement(bytes memory statement, bytes calldata rule, uint64 step, uint32 chunk) private pure {
        require(statement.length == rule.length + 33, "EzklStepProofs: statement of another length");
        require(keccak256(slice(statement, 0, rule.length)) == keccak256(rule), "EzklStepProofs: proof of another rule");
        require(uint64(bytes8(word(statement, rule.length))) == step, "EzklStepProofs: proof of another step");
        require(uint32(bytes4(word(statement, rule.length + 16))) == chunk, "EzklStepProofs: proof of another chunk");
    }

    /// @dev The eight big-endian 32-bit words of the statement's digest (StatementWords).
    function statementWords(bytes memory statement) private pure returns (uint256[] memory words) {
        uint256 d = uint256(sha256(abi.encodePacked(STATEMENT_TAG, statement)));
        words = new uint256[](8);
        for (uint256 i = 0; i < 8; i++) {
            words[i] = (d >> (224 - 32 * i)) & 0xffffffff;
        }
    }

    /// @dev `count` instances at `offset`: the key, then `count` quoted 64-digit hex field elements (32 bytes,
    /// little-endian) separated by commas, then `]]`. Returns each as its 32 bytes and as its integer.
    function readInstances(bytes memory file, uint256 offset, uint256 count) private pure returns (bytes32[] memory raw, uint256[] memory values) {
        require(offset + INSTANCES_KEY.length <= file.length && keccak256(slice(file, offset, INSTANCES_KEY.length)) == keccak256(INSTANCES_KEY),
            "EzklStepProofs: no instances at the offset");
        uint256 p = offset + INSTANCES_KEY.length;
        raw = new bytes32[](count);
        values = new uint256[](count);
        for (uint256 i = 0; i < count; i++) {
            require(p + 66 <= file.length && file[p + 64] == '"', "EzklStepProofs: an instance is not 64 hex digits");
            bytes32 b = bytes32(hexBytes(file, p, 32));
            raw[i] = b;
            uint256 v = 0;
            for (uint256 j = 0; j < 32; j++) v |= uint256(uint8(b[j])) << (8 * j);
            require(v < P, "EzklStepProofs: an instance is not below the field modulus");
            values[i] = v;
            bool last = i + 1 == count;
            require(file[p + 65] == (last ? bytes1("]") : bytes1(",")) && (last ? file[p + 66] == "]" : file[p + 66] == '"'),
                "EzklStepProofs: not the circuit's instance count");
            p += 67;
        }
    }

    /// @dev The proof bytes after `"hex_proof":"0x` at `offset`, up to the closing quote.
    function readHexProof(bytes memory file, uint256 offset) private pure returns (bytes memory) {
        require(offset + HEX_PROOF_KEY.length <= file.length && keccak256(slice(file, offset, HEX_PROOF_KEY.length)) == keccak256(HEX_PROOF_KEY),
            "EzklStepProofs: no hex_proof at the offset");
        uint256 from = offset + HEX_PROOF_KEY.length;
        uint256 end = from;
        while (end < file.length && file[end] != '"') end++;
        require(end < file.length && (end - from) % 2 == 0 && end > from, "EzklStepProofs: hex_proof is not hex bytes");
        return hexBytes(file, from, (end - from) / 2);
    }

    function hexBytes(bytes memory s, uint256 from, uint256 n) private pure returns (bytes memory out) {
        out = new bytes(n);
        for (uint256 i = 0; i < n; i++) {
            out[i] = bytes1(uint8(nibble(s[from + 2 * i]) << 4 | nibble(s[from + 2 * i + 1])));
        }
    }

    function nibble(bytes1 c) private pure returns (uint8) {
        uint8 x = uint8(c);
        if (x >= 48 && x <= 57) return x - 48;
        if (x >= 97 && x <= 102) return x - 87;
        revert("EzklStepProofs: not lower-case hex");
    }

    function slice(bytes memory b, uint256 from, uint256 n) private pure returns (bytes memory out) {
        out = new bytes(n);
        for (uint256 i = 0; i < n; i++) out[i] = b[from + i];
    }

    /// @dev The 32 bytes of `b` from `from` (zero past its end).
    function word(bytes memory b, uint256 from) private pure returns (bytes32 w) {
        for (uint256 i = 0; i < 32 && from + i < b.length; i++) w |= bytes32(b[from + i]) >> (8 * i);
    }
}
