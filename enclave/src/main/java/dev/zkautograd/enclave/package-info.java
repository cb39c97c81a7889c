/**
 * The prover service (DESIGN §6): {@link dev.zkautograd.enclave.protocol} is prover protocol v1
 * ({@code docs/formats/prover-protocol.md}), {@link dev.zkautograd.enclave.service} the long-lived
 * service, {@link dev.zkautograd.enclave.client} the trainer's client (a {@code zk.proving.StepProver}),
 * {@link dev.zkautograd.enclave.attestation} the Nitro-format attestation documents and their
 * verifier, {@link dev.zkautograd.enclave.keyrelease} the release of the step-signing key.
 */
package dev.zkautograd.enclave;
