/**
 * The prover service, its attestation documents and key release (issue 6).
 */
package dev.zkautograd.enclave;
