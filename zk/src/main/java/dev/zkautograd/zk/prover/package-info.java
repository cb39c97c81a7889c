/**
 * The prover: the only place that may use threads, the JDK's MessageDigest and AES. Nothing in the
 * verifier packages depends on it.
 */
package dev.zkautograd.zk.prover;
