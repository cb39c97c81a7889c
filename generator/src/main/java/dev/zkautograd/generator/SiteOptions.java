package dev.zkautograd.generator;

import dev.zkautograd.core.audit.AuditProgress;
import java.net.URI;
import java.util.Objects;

/**
 * How {@link SiteGenerator} writes a site. Immutable; made by {@link #builder()}, which refuses
 * values out of range.
 */
public final class SiteOptions {
  /** Default rows per page of a step table. */
  public static final int DEFAULT_STEPS_PER_PAGE = 100;

  private final String baseUrl;
  private final int stepsPerPage;
  private final VerifierAssets verifier;
  private final AuditProgress progress;

  private SiteOptions(Builder b) {
    this.baseUrl = b.baseUrl;
    this.stepsPerPage = b.stepsPerPage;
    this.verifier = b.verifier;
    this.progress = b.progress;
  }

  public static Builder builder() {
    return new Builder();
  }

  public static SiteOptions defaults() {
    return builder().build();
  }

  /**
   * The absolute URL the site is published at, ending in {@code /}, or null. Only the torrents'
   * web seeds and the magnet links' {@code ws=} need it; every link between pages is relative.
   */
  public String baseUrl() {
    return baseUrl;
  }

  public int stepsPerPage() {
    return stepsPerPage;
  }

  public VerifierAssets verifier() {
    return verifier;
  }

  /** Told of each page written; the same interface an audit reports through, so one progress bar serves both. */
  public AuditProgress progress() {
    return progress;
  }

  /** Collects and checks the options. */
  public static final class Builder {
    private String baseUrl;
    private int stepsPerPage = DEFAULT_STEPS_PER_PAGE;
    private VerifierAssets verifier = VerifierAssets.NONE;
    private AuditProgress progress = AuditProgress.NONE;

    private Builder() {}

    /**
     * The site's public URL: http or https, absolute, no query or fragment; a missing final
     * {@code /} is added.
     */
    public Builder baseUrl(String url) throws SiteException {
      if (url == null) {
        this.baseUrl = null;
        return this;
      }
      URI u;
      try {
        u = new URI(url);
      } catch (java.net.URISyntaxException e) {
        throw new SiteException(SiteException.Reason.BAD_INPUT, "--base-url is not a URL", "http(s)://host/path/", url, e);
      }
      if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https")) || u.getHost() == null
          || u.getRawQuery() != null || u.getRawFragment() != null) {
        throw new SiteException(SiteException.Reason.BAD_INPUT, "--base-url must be an absolute http(s) URL without query or fragment",
            "http(s)://host/path/", url, null);
      }
      this.baseUrl = url.endsWith("/") ? url : url + "/";
      return this;
    }

    /** Rows per step-table page, 10 to 1,000. */
    public Builder stepsPerPage(int n) throws SiteException {
      if (n < 10 || n > 1000) {
        throw new SiteException(SiteException.Reason.BAD_INPUT, "steps per page out of range", "10 to 1000", Integer.toString(n), null);
      }
      this.stepsPerPage = n;
      return this;
    }

    public Builder verifier(VerifierAssets v) {
      this.verifier = Objects.requireNonNull(v);
      return this;
    }

    public Builder progress(AuditProgress p) {
      this.progress = Objects.requireNonNull(p);
      return this;
    }

    public SiteOptions build() {
      return new SiteOptions(this);
    }
  }
}
