/**
 * The in-browser verifier, compiled to WebAssembly by TeaVM from the verifier half of core and zk (issue 7).
 */
package dev.zkautograd.portal;
