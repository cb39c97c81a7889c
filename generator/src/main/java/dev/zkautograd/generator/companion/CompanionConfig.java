package dev.zkautograd.generator.companion;

import dev.zkautograd.generator.SiteException;
import dev.zkautograd.generator.verify.ProofVerifiers;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How the companion service runs: what it serves, where it listens and its limits. Immutable; made
 * by {@link #builder(Path, Path)}, which refuses values out of range.
 */
public final class CompanionConfig {
  private final Path site;
  private final Path runs;
  private final String host;
  private final int port;
  private final double requestsPerSecond;
  private final int burst;
  private final int maxUploadBytes;
  private final int verifyThreads;
  private final int maxVerifications;
  private final ProofVerifiers proofVerifiers;

  private CompanionConfig(Builder b) {
    this.site = b.site;
    this.runs = b.runs;
    this.host = b.host;
    this.port = b.port;
    this.requestsPerSecond = b.requestsPerSecond;
    this.burst = b.burst;
    this.maxUploadBytes = b.maxUploadBytes;
    this.verifyThreads = b.verifyThreads;
    this.maxVerifications = b.maxVerifications;
    this.proofVerifiers = b.proofVerifiers;
  }

  /** Serves the generated site in {@code site} and verifies the runs in {@code runs}. */
  public static Builder builder(Path site, Path runs) {
    return new Builder(site, runs);
  }

  public Path site() {
    return site;
  }

  public Path runs() {
    return runs;
  }

  public String host() {
    return host;
  }

  /** The port, or 0 for any free one. */
  public int port() {
    return port;
  }

  /** Sustained API requests per second per client address. */
  public double requestsPerSecond() {
    return requestsPerSecond;
  }

  /** API requests a client may make at once before the rate applies. */
  public int burst() {
    return burst;
  }

  /** Largest request body accepted (an uploaded proof with its record). */
  public int maxUploadBytes() {
    return maxUploadBytes;
  }

  /** Threads that check one verification's proofs. */
  public int verifyThreads() {
    return verifyThreads;
  }

  /** Verifications that may run at once; more are refused with 429. */
  public int maxVerifications() {
    return maxVerifications;
  }

  /** How a run's proofs are verified, by its backend (the STARK only, unless EZKL keys were given). */
  public ProofVerifiers proofVerifiers() {
    return proofVerifiers;
  }

  /** Collects and checks the configuration. */
  public static final class Builder {
    private final Path site;
    private final Path runs;
    private String host = "127.0.0.1";
    private int port = 8080;
    private double requestsPerSecond = 20;
    private int burst = 40;
    private int maxUploadBytes = 16 << 20;
    private int verifyThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private int maxVerifications = 2;
    private ProofVerifiers proofVerifiers = ProofVerifiers.starkOnly();

    private Builder(Path site, Path runs) {
      this.site = Objects.requireNonNull(site);
      this.runs = Objects.requireNonNull(runs);
    }

    public Builder host(String host) {
      this.host = Objects.requireNonNull(host);
      return this;
    }

    public Builder port(int port) throws SiteException {
      this.port = check("port", port, 0, 65535);
      return this;
    }

    public Builder rate(double perSecond, int burst) throws SiteException {
      if (!(perSecond > 0) || perSecond > 1e6) {
        throw new SiteException(SiteException.Reason.BAD_INPUT, "rate out of range", "0 < rate <= 1000000", Double.toString(perSecond), null);
      }
      this.requestsPerSecond = perSecond;
      this.burst = check("burst", burst, 1, 1_000_000);
      return this;
    }

    public Builder maxUploadBytes(int n) throws SiteException {
      this.maxUploadBytes = check("upload limit", n, 1024, 1 << 30);
      return this;
    }

    public Builder verifyThreads(int n) throws SiteException {
      this.verifyThreads = check("verify threads", n, 1, 1024);
      return this;
    }

    public Builder maxVerifications(int n) throws SiteException {
      this.maxVerifications = check("concurrent verifications", n, 1, 64);
      return this;
    }

    /** The proof verifiers by backend ({@link ProofVerifiers#starkOnly()} unless set). */
    public Builder proofVerifiers(ProofVerifiers verifiers) {
      this.proofVerifiers = Objects.requireNonNull(verifiers);
      return this;
    }

    public CompanionConfig build() {
      return new CompanionConfig(this);
    }

    private static int check(String what, int v, int min, int max) throws SiteException {
      if (v < min || v > max) {
        throw new SiteException(SiteException.Reason.BAD_INPUT, what + " out of range", min + " to " + max, Integer.toString(v), null);
      }
      return v;
    }
  }
}
