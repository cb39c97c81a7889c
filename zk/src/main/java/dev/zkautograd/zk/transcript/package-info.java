/** The Fiat-Shamir transcript over SHA-256 (verifier-safe). */
package dev.zkautograd.zk.transcript;
