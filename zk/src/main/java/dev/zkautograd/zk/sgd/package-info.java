/** The SGD step AIR, its trace builder and its verifier entry point. */
package dev.zkautograd.zk.sgd;
