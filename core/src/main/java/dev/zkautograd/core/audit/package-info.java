/**
 * Auditing a run: {@link dev.zkautograd.core.audit.RunAudit} runs every check of a run directory
 * and returns an {@link dev.zkautograd.core.audit.AuditReport} with one row per check (PASS, FAIL or
 * SKIP, and for a failure the file, step, field and expected value). The proof system plugs in as
 * a {@link dev.zkautograd.core.audit.StepProofVerifier}. Plain Java over {@link
 * dev.zkautograd.core.run.RunFiles}, so the browser verifier reuses it; {@code docs/verify.md}
 * describes the checks and the report.
 */
package dev.zkautograd.core.audit;
