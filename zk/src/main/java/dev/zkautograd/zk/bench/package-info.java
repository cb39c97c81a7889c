/** The prover benchmark the CLI's {@code bench} command calls. */
package dev.zkautograd.zk.bench;
