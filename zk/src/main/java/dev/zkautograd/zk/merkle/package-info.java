/** Salted SHA-256 Merkle commitments: the hash definitions and batched multi-opening verification (verifier-safe). */
package dev.zkautograd.zk.merkle;
