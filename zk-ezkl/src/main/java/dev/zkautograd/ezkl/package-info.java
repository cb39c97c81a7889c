/**
 * The seed's EZKL backend (Halo2 + KZG over BN254) behind {@code zk.ProofBackend}: {@link
 * dev.zkautograd.ezkl.EzklBackend} proves and verifies optimizer steps through the Python worker,
 * {@link dev.zkautograd.ezkl.EzklSetup} makes a key folder ({@link dev.zkautograd.ezkl.KeyDirectory}),
 * {@link dev.zkautograd.ezkl.StateDigest} ties the proofs' Poseidon instances to the records' state
 * roots. See docs/ezkl-backend.md.
 */
package dev.zkautograd.ezkl;
