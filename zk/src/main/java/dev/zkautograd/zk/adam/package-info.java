/** The Adam step AIR, its trace builder and its verifier entry point. */
package dev.zkautograd.zk.adam;
