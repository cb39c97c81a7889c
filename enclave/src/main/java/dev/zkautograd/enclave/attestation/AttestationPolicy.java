package dev.zkautograd.enclave.attestation;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What an attestation document must satisfy ({@code docs/attestation.md}, "Policy"): chain to
 * {@code root}, carry exactly the {@code pcrs} values named (PCRs not named are not checked), and be
 * at most {@code freshness} away from the verifier's reference time.
 */
public record AttestationPolicy(X509Certificate root, Map<Integer, byte[]> pcrs, Duration freshness) {
  /** How far a document's timestamp may be from the reference time by default. */
  public static final Duration DEFAULT_FRESHNESS = Duration.ofMinutes(10);

  public AttestationPolicy {
    Objects.requireNonNull(root);
    if (freshness.isNegative()) throw new IllegalArgumentException("negative freshness window");
    Map<Integer, byte[]> copy = new TreeMap<>();
    for (Map.Entry<Integer, byte[]> e : pcrs.entrySet()) {
      if (e.getKey() < 0 || e.getKey() > 31) throw new IllegalArgumentException("PCR index out of range: " + e.getKey());
      copy.put(e.getKey(), e.getValue().clone());
    }
    pcrs = Collections.unmodifiableMap(copy);
  }

  /**
   * Parses a PCR option {@code INDEX=HEX} (for example {@code 0=7fb5...}).
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static Map.Entry<Integer, byte[]> parsePcr(String text) {
    int eq = text.indexOf('=');
    if (eq < 1) throw new IllegalArgumentException("a PCR is INDEX=HEX, not " + text);
    int index;
    try {
      index = Integer.parseInt(text.substring(0, eq));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a PCR index is a number 0-31, not " + text.substring(0, eq));
    }
    byte[] value;
    try {
      value = HexFormat.of().parseHex(text.substring(eq + 1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("PCR" + index + " is not hex");
    }
    if (index < 0 || index > 31 || (value.length != 32 && value.length != 48 && value.length != 64)) {
      throw new IllegalArgumentException("PCR" + index + ": an index 0-31 and 32, 48 or 64 bytes of hex");
    }
    return Map.entry(index, value);
  }
}
