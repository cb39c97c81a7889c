/** Gradient clipping as AIR constraints, shared by the SGD and Adam step AIRs. */
package dev.zkautograd.zk.clip;
