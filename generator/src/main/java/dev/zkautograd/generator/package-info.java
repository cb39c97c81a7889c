/**
 * Renders run directories into the static audit site and its torrents (issue 7).
 */
package dev.zkautograd.generator;
