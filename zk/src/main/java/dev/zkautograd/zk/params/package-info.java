/** Proof parameters, the sizes derived from them, and the proven security bound (verifier-safe). */
package dev.zkautograd.zk.params;
