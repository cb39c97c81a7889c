package dev.zkautograd.enclave.protocol;

/** The frame types of prover protocol v1 ({@code docs/formats/prover-protocol.md}). */
public enum FrameType {
  ATTEST(0x01, true),
  PROVE(0x02, true),
  STATUS(0x03, true),
  ATTESTATION(0x81, false),
  PROVEN(0x82, false),
  STATUS_REPORT(0x83, false),
  ERROR(0xff, false);

  private final int code;
  private final boolean request;

  FrameType(int code, boolean request) {
    this.code = code;
    this.request = request;
  }

  public int code() {
    return code;
  }

  /** Whether a client sends it (a service answers everything else with UNKNOWN_TYPE). */
  public boolean isRequest() {
    return request;
  }

  /** The type with {@code code}, or null for a code not in the table. */
  public static FrameType of(int code) {
    for (FrameType t : values()) {
      if (t.code == code) return t;
    }
    return null;
  }
}
