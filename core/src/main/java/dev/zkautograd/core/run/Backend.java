package dev.zkautograd.core.run;

/** The proof system a run's steps were proven with (DESIGN §3). */
public enum Backend {
  /** The project's own transparent STARK (module {@code zk}), the default. */
  STARK("stark"),
  /** The seed's EZKL (Halo2 + KZG) backend (module {@code zk-ezkl}). */
  EZKL("ezkl");

  private final String wire;

  Backend(String wire) {
    this.wire = wire;
  }

  /** The name used in JSON. */
  public String wire() {
    return wire;
  }

  static Backend fromWire(String s) {
    return s.equals(STARK.wire) ? STARK : EZKL; // callers pass only values JsonFields.oneOf accepted
  }
}
