/** Polynomials: radix-2 NTT over subgroups and cosets, evaluation helpers. */
package dev.zkautograd.zk.poly;
