/** Local stand-in services (an AWS-compatible server, an EVM node) that tests and the demo start on 127.0.0.1. */
package dev.zkautograd.core.local;
