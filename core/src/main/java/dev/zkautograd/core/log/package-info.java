/**
 * The transparency log of a run: the RFC 9162 Merkle tree over step leaves ({@link
 * dev.zkautograd.core.log.MerkleTree}, {@link dev.zkautograd.core.log.TreeFrontier}), its inclusion
 * and consistency proofs, and the hash chain over step records ({@link
 * dev.zkautograd.core.log.HashChain}). Specified in {@code docs/formats/transparency-log.md}.
 */
package dev.zkautograd.core.log;
