/** The proof byte format: typed proof and its strict codec (verifier-safe). */
package dev.zkautograd.zk.proof;
