/**
 * Signed checkpoints of a run's log: the C2SP tlog-checkpoint body ({@link
 * dev.zkautograd.core.checkpoint.Checkpoint}) in a C2SP signed note ({@link
 * dev.zkautograd.core.checkpoint.SignedNote}) with Ed25519 keys ({@link
 * dev.zkautograd.core.checkpoint.NoteSigner}, {@link dev.zkautograd.core.checkpoint.NoteVerifier}),
 * compatible with Go's {@code golang.org/x/mod/sumdb/note}. Specified in {@code
 * docs/formats/checkpoint.md}.
 */
package dev.zkautograd.core.checkpoint;
