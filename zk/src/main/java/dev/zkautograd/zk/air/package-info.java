/**
 * The AIR framework: the {@link dev.zkautograd.zk.air.Air} interface a rule implements,
 * constraint expressions, segments, the LogUp range-check gadget and the compiled evaluator
 * (verifier-safe).
 */
package dev.zkautograd.zk.air;
