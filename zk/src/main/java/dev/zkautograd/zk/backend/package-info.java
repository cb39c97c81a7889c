/** Implementations of {@link dev.zkautograd.zk.ProofBackend}: the STARK. */
package dev.zkautograd.zk.backend;
