package dev.zkautograd.enclave.service;

import dev.zkautograd.enclave.protocol.Frame;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link ProverService} listens and what it puts up with. Immutable; {@link #builder()} starts
 * from the defaults ({@code docs/prover-service.md}).
 *
 * @param bind the address to listen on: loopback unless deliberately changed
 * @param port the TCP port; 0 picks a free one
 * @param maxPayload largest frame payload accepted
 * @param readTimeout how long a started frame may take to arrive in full
 * @param idleTimeout how long a connection may stay silent between frames
 * @param maxConnections client connections served at once; more are answered BUSY and closed
 * @param maxQueue PROVE requests that may wait; more are answered BUSY
 */
public record ProverServiceConfig(InetAddress bind, int port, int maxPayload, Duration readTimeout, Duration idleTimeout,
    int maxConnections, int maxQueue) {
  public static final int DEFAULT_PORT = 7410;

  public ProverServiceConfig {
    Objects.requireNonNull(bind);
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
    if (maxPayload < 1024) throw new IllegalArgumentException("frame limit below 1 KiB");
    if (readTimeout.isNegative() || readTimeout.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
    if (maxConnections < 1 || maxQueue < 1) throw new IllegalArgumentException("limits must be at least 1");
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().bind(bind).port(port).maxPayload(maxPayload).readTimeout(readTimeout).idleTimeout(idleTimeout)
        .maxConnections(maxConnections).maxQueue(maxQueue);
  }

  /** Collects the settings; {@link #build()} checks them. */
  public static final class Builder {
    private InetAddress bind = InetAddress.getLoopbackAddress();
    private int port = DEFAULT_PORT;
    private int maxPayload = Frame.DEFAULT_MAX_PAYLOAD;
    private Duration readTimeout = Duration.ofSeconds(30);
    private Duration idleTimeout = Duration.ofMinutes(5);
    private int maxConnections = 16;
    private int maxQueue = 8;

    public Builder bind(InetAddress a) {
      this.bind = a;
      return this;
    }

    public Builder port(int p) {
      this.port = p;
      return this;
    }

    public Builder maxPayload(int n) {
      this.maxPayload = n;
      return this;
    }

    public Builder readTimeout(Duration d) {
      this.readTimeout = d;
      return this;
    }

    public Builder idleTimeout(Duration d) {
      this.idleTimeout = d;
      return this;
    }

    public Builder maxConnections(int n) {
      this.maxConnections = n;
      return this;
    }

    public Builder maxQueue(int n) {
      this.maxQueue = n;
      return this;
    }

    public ProverServiceConfig build() {
      return new ProverServiceConfig(bind, port, maxPayload, readTimeout, idleTimeout, maxConnections, maxQueue);
    }
  }
}
