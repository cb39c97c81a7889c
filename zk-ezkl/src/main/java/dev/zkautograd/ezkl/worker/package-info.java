/**
 * The Java client of the Python EZKL worker and its framed protocol on stdin/stdout
 * (docs/formats/ezkl-worker-protocol.md): frames, responses, and a process that is started once,
 * reused, restarted once when it dies, and stopped when it times out.
 */
package dev.zkautograd.ezkl.worker;
