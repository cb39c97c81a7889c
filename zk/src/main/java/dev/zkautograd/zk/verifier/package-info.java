/** The STARK verifier (verifier-safe: TeaVM, single-threaded, no prover dependency). */
package dev.zkautograd.zk.verifier;
