// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import "./IStepProofs.sol";

/// @title Monotonic-counter anchor of zk-Autograd runs (docs/anchoring.md, "EVM").
/// @notice Per run: the registered prover, a counter that only goes up, and the latest tree head
/// (size, RFC 9162 root) of the run's log. A head is stored in two transactions:
///  1. commit: from the prover only, with the next counter, and (after the first head) an RFC 9162
///     consistency proof from the last head, checked here with the SHA-256 precompile;
///  2. prove: in a later block, the proof of one chunk of one step that this contract picks from the
///     hash of the commit's block (unknown when the commit was sent). The step's record must be
///     leaf `step` of the committed tree (inclusion proof), must name the proof by SHA-256 together
///     with the state roots it states, and the run's proof system (`verifier`: ZkapStepProofs for the
///     STARK, EzklStepProofs for EZKL) must accept it as the proof of that chunk of that step under the
///     run's registered rule.
/// A committed head that is never proven stays pending: it blocks further commits, so a prover cannot
/// draw a new challenge by committing again.
contract RunAnchor {
    struct Run {
        address prover;
        uint32 chunks;
        uint64 counter;      // of the last committed head
        uint64 treeSize;     // of the last committed head
        bytes32 root;        // of the last committed head
        uint64 commitBlock;  // block of the last commit; 0 once proven
        bytes rule;          // statement bytes up to the step: version, optimizer, hyper-parameters, fraction bits
    }

    IStepProofs public immutable verifier;
    mapping(bytes32 => Run) private runs;

    event Registered(bytes32 indexed run, address prover, uint32 chunks, bytes rule);
    event Committed(bytes32 indexed run, uint64 counter, uint64 treeSize, bytes32 root);
    event Anchored(bytes32 indexed run, uint64 counter, uint64 treeSize, bytes32 root, uint64 step, uint32 chunk);

    constructor(IStepProofs stepProofs) {
        verifier = stepProofs;
    }

    /// @notice Registers `run` (SHA-256 of its origin "zk-autograd/<run-id>") with its prover key,
    /// its chunk count and its declared rule (the statement prefix every proof of the run starts with).
    function register(bytes32 run, address prover, uint32 chunks, bytes calldata rule) external {
        require(runs[run].prover == address(0), "RunAnchor: run already registered");
        require(prover != address(0), "RunAnchor: no prover");
        require(chunks > 0, "RunAnchor: no chunks");
        require(rule.length >= 4 && rule.length <= 256, "RunAnchor: bad rule");
        Run storage r = runs[run];
        r.prover = prover;
        r.chunks = chunks;
        r.rule = rule;
        emit Registered(run, prover, chunks, rule);
    }

    /// @notice The run's state: prover, counter, tree size and root of the last committed head, and
    /// whether that head is proven.
    function head(bytes32 run) external view returns (address prover, uint64 counter, uint64 treeSize, bytes32 root, bool proven) {
        Run storage r = runs[run];
        return (r.prover, r.counter, r.treeSize, r.root, r.commitBlock == 0);
    }

    /// @notice The run's registered chunk count and rule (the statement prefix of its proofs).
    function registration(bytes32 run) external view returns (uint32 chunks, bytes memory rule) {
        Run storage r = runs[run];
        return (r.chunks, r.rule);
    }

    /// @notice Commits the next head of `run`. `consistency` is the RFC 9162 consistency path from the
    /// last head (empty for the first head, an empty last tree, or an equal size).
    function commit(bytes32 run, uint64 counter, uint64 treeSize, bytes32 root, bytes32[] calldata consistency) external {
        Run storage r = runs[run];
        require(r.prover != address(0), "RunAnchor: run not registered");
        require(msg.sender == r.prover, "RunAnchor: sender is not the run's prover");
        require(r.commitBlock == 0, "RunAnchor: the last head awaits its proof");
        require(counter == r.counter + 1, "RunAnchor: counter does not increase by one");
        require(treeSize > 0, "RunAnchor: empty tree");
        if (r.treeSize == 0) {
            require(consistency.length == 0, "RunAnchor: no proof from an empty tree");
        } else {
            require(treeSize >= r.treeSize, "RunAnchor: tree shrank");
            if (treeSize == r.treeSize) {
                require(root == r.root && consistency.length == 0, "RunAnchor: other root at equal size");
            } else {
                require(MerkleLog.consistent(r.treeSize, treeSize, r.root, root, consistency), "RunAnchor: not a consistent extension");
            }
        }
        r.counter = counter;
        r.treeSize = treeSize;
        r.root = root;
        r.commitBlock = uint64(block.number);
        emit Committed(run, counter, treeSize, root);
    }

    /// @notice The step and chunk whose proof completes the pending head: drawn from the hash of the
    /// commit's block, so fixed only after the commit. Reverts until that block has a successor.
    function challenge(bytes32 run) public view returns (uint64 step, uint32 chunk) {
        Run storage r = runs[run];
        require(r.commitBlock != 0, "RunAnchor: no pending head");
        require(block.number > r.commitBlock, "RunAnchor: the challenge is drawn in the next block");
        bytes32 h = blockhash(r.commitBlock);
        require(h != bytes32(0), "RunAnchor: challenge expired (more than 256 blocks)");
        bytes32 seed = sha256(abi.encodePacked("zk-autograd/anchor-challenge/v1", h, run, r.counter));
        step = uint64(uint256(seed) % r.treeSize);
        chunk = uint32((uint256(seed) >> 128) % r.chunks);
    }

    /// @notice Completes the pending head with the challenged chunk proof.
    /// @param record the step record's leaf bytes (the canonical line without LF)
    /// @param inclusion RFC 9162 inclusion path of leaf `step` in the committed tree
    /// @param entryAt offset in `record` of `"proof_sha256":"` in the challenged chunk's entry
    /// @param proof the chunk's proof as the run's proof system takes it (IStepProofs.open)
    function prove(bytes32 run, bytes calldata record, bytes32[] calldata inclusion, uint256 entryAt, bytes calldata proof) external {
        Run storage r = runs[run];
        require(msg.sender == r.prover, "RunAnchor: sender is not the run's prover");
        (uint64 step, uint32 chunk) = challenge(run);
        bytes32 leaf = sha256(abi.encodePacked(bytes1(0x00), record));
        require(MerkleLog.included(step, r.treeSize, leaf, inclusion, r.root), "RunAnchor: record not in the committed tree");
        (bytes32 proofSha256, bytes32 stateIn, bytes32 stateOut) = verifier.open(proof, r.rule, step, chunk);
        bytes memory entry = abi.encodePacked('"proof_sha256":"', Hex.digest(proofSha256), '","state_in":"', Hex.digest(stateIn),
            '","state_out":"', Hex.digest(stateOut), '"}');
        require(entryAt + entry.length <= record.length && keccak256(record[entryAt:entryAt + entry.length]) == keccak256(entry),
            "RunAnchor: the record does not name this proof");
        r.commitBlock = 0;
        emit Anchored(run, r.counter, r.treeSize, r.root, step, chunk);
    }
}

/// @notice RFC 9162 Merkle tree proofs with SHA-256 (the 0x02 precompile): leaf = H(0x00 || d), node = H(0x01 || l || r).
library MerkleLog {
    function node(bytes32 l, bytes32 r) internal pure returns (bytes32) {
        return sha256(abi.encodePacked(bytes1(0x01), l, r));
    }

    /// @notice RFC 9162 §2.1.3.2: `leaf` is leaf `index` of the tree of `size` leaves with root `root`.
    function included(uint64 index, uint64 size, bytes32 leaf, bytes32[] calldata path, bytes32 root) internal pure returns (bool) {
        if (index >= size) return false;
        uint64 fn = index;
        uint64 sn = size - 1;
        bytes32 r = leaf;
        for (uint256 i = 0; i < path.length; i++) {
            if (sn == 0) return false;
            if (fn & 1 == 1 || fn == sn) {
                r = node(path[i], r);
                while (fn & 1 == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = node(r, path[i]);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && r == root;
    }

    /// @notice RFC 9162 §2.1.4.2 for 0 < oldSize < newSize.
    function consistent(uint64 oldSize, uint64 newSize, bytes32 oldRoot, bytes32 newRoot, bytes32[] calldata path)
        internal pure returns (bool)
    {
        if (oldSize == 0 || oldSize >= newSize || path.length == 0) return false;
        bool complete = oldSize & (oldSize - 1) == 0;
        uint256 i = 0;
        bytes32 fr;
        if (complete) {
            fr = oldRoot;
        } else {
            fr = path[0];
            i = 1;
        }
        bytes32 sr = fr;
        uint64 fn = oldSize - 1;
        uint64 sn = newSize - 1;
        while (fn & 1 == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        for (; i < path.length; i++) {
            if (sn == 0) return false;
            bytes32 c = path[i];
            if (fn & 1 == 1 || fn == sn) {
                fr = node(c, fr);
                sr = node(c, sr);
                while (fn & 1 == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = node(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && fr == oldRoot && sr == newRoot;
    }
}

/// @notice Lower-case hex of 32 bytes, as step records write digests.
library Hex {
    function digest(bytes32 v) internal pure returns (bytes memory s) {
        bytes16 digits = "0123456789abcdef";
        s = new bytes(64);
        for (uint256 i = 0; i < 32; i++) {
            uint8 b = uint8(v[i]);
            s[2 * i] = digits[b >> 4];
            s[2 * i + 1] = digits[b & 15];
        }
    }
}
