package dev.zkautograd.anchor;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.local.LocalService;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;

/** The one moto server a test class starts (see {@link LocalAwsServer} for what it stands in for). */
final class StandIn {
  private StandIn() {}

  static LocalAwsServer start() throws CoreException {
    // scripts/test.sh installs .venv; a missing one is a failure that says how to install it, not a skip.
    return LocalAwsServer.start(LocalService.home());
  }

  /** An endpoint on 127.0.0.1 where nothing listens (a port just freed). */
  static CloudEndpoint dead() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return new CloudEndpoint(LocalAwsServer.REGION, URI.create("http://127.0.0.1:" + s.getLocalPort()));
    }
  }
}
