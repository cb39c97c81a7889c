/**
 * The prime field p = 2^128 - 45 * 2^40 + 1: {@link dev.zkautograd.zk.field.Fp} for vectors and
 * {@link dev.zkautograd.zk.field.Felt} for scalars. Verifier-safe (TeaVM): no multiplyHigh.
 */
package dev.zkautograd.zk.field;
