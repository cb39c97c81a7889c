/** FRI: the folding step shared by prover and verifier, and the query-phase verifier (verifier-safe). */
package dev.zkautograd.zk.fri;
