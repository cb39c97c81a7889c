package dev.zkautograd.ezkl;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.json.Json;
import dev.zkautograd.core.json.JsonArray;
import dev.zkautograd.core.json.JsonNumber;
import dev.zkautograd.core.json.JsonObject;
import dev.zkautograd.core.json.JsonParseOptions;
import dev.zkautograd.core.json.JsonString;
import dev.zkautograd.core.json.JsonValue;
import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.VerificationException.Reason;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The parts of an EZKL proof file ({@code proof.json} as {@code ezkl.prove} writes it, kept byte for
 * byte as a run's proof file) that this backend reads: the public instances, one column of BN254
 * field elements, and the proof bytes. EZKL's other members are left to EZKL. Untrusted input: every
 * problem is a MALFORMED VerificationException.
 *
 * @param instances each public instance as EZKL writes it: 32 bytes, little-endian, below the field modulus
 */
public record EzklProofFile(List<byte[]> instances, byte[] proof) {
  /** Largest proof file accepted. */
  public static final int MAX_BYTES = 8 << 20;

  /** Most public instances accepted. */
  public static final int MAX_INSTANCES = 4096;

  /** BN254's scalar field, the field of EZKL's circuits. */
  public static final BigInteger FIELD =
      new BigInteger("21888242871839275222246405745257275088548364400416034343698204186575808495617");

  private static final JsonParseOptions LIMITS = JsonParseOptions.DEFAULT.withMaxBytes(MAX_BYTES).withMaxDepth(16);

  public EzklProofFile {
    instances = instances.stream().map(byte[]::clone).toList();
    proof = proof.clone();
  }

  @Override
  public byte[] proof() {
    return proof.clone();
  }

  /** Instance i's 32 bytes. */
  public byte[] instance(int i) {
    return instances.get(i).clone();
  }

  /** Reads a proof file. */
  public static EzklProofFile parse(byte[] bytes) throws VerificationException {
    JsonValue v;
    try {
      v = Json.parse(bytes, LIMITS);
    } catch (CoreException e) {
      throw VerificationException.of(Reason.MALFORMED, "the EZKL proof is not JSON: " + e.getMessage());
    }
    if (!(v instanceof JsonObject o)) {
      throw malformed("an EZKL proof is a JSON object", "object", v.kind());
    }
    if (!(o.get("instances") instanceof JsonArray columns) || columns.size() != 1 || !(columns.get(0) instanceof JsonArray column)) {
      throw malformed("instances must be one column", "[[...]]", o.get("instances"));
    }
    if (column.size() > MAX_INSTANCES) {
      throw malformed("too many public instances", "at most " + MAX_INSTANCES, column.size());
    }
    List<byte[]> instances = new ArrayList<>(column.size());
    for (int i = 0; i < column.size(); i++) {
      instances.add(felt(column.get(i), i));
    }
    if (!(o.get("proof") instanceof JsonArray proofArray) || proofArray.size() < 1) {
      throw malformed("proof must be an array of bytes", "[0..255, ...]", o.get("proof") == null ? "absent" : o.get("proof").kind());
    }
    byte[] proof = new byte[proofArray.size()];
    for (int i = 0; i < proof.length; i++) {
      if (!(proofArray.get(i) instanceof JsonNumber n) || !n.isSafeInteger() || n.longValue() < 0 || n.longValue() > 255) {
        throw malformed("proof[" + i + "] is not a byte", "0..255", proofArray.get(i));
      }
      proof[i] = (byte) n.longValue();
    }
    // EZKL writes the proof twice; a file whose two copies differ says two things at once.
    JsonValue hex = o.get("hex_proof");
    if (hex != null) {
      String want = "0x" + HexFormat.of().formatHex(proof);
      if (!(hex instanceof JsonString s) || !s.value().equals(want)) {
        throw malformed("hex_proof is not the proof bytes", "0x + hex of proof", hex.kind());
      }
    }
    return new EzklProofFile(instances, proof);
  }

  private static byte[] felt(JsonValue v, int i) throws VerificationException {
    if (!(v instanceof JsonString s) || s.value().length() != 64) {
      throw malformed("instances[0][" + i + "] is not a 32-byte hex field element", "64 hex digits", v.kind());
    }
    byte[] b;
    try {
      b = HexFormat.of().parseHex(s.value());
    } catch (IllegalArgumentException e) {
      throw malformed("instances[0][" + i + "] is not hex", "64 hex digits", s.value());
    }
    if (!s.value().equals(HexFormat.of().formatHex(b))) {
      throw malformed("instances[0][" + i + "] is not lower-case hex", "lower-case", s.value());
    }
    if (littleEndian(b).compareTo(FIELD) >= 0) {
      throw malformed("instances[0][" + i + "] is not below the field modulus", "< p", s.value());
    }
    return b;
  }

  /** The integer of 32 little-endian bytes. */
  static BigInteger littleEndian(byte[] b) {
    byte[] be = new byte[b.length + 1];
    for (int i = 0; i < b.length; i++) be[b.length - i] = b[i];
    return new BigInteger(be);
  }

  private static VerificationException malformed(String detail, Object expected, Object actual) {
    String shown = String.valueOf(actual);
    return VerificationException.of(Reason.MALFORMED, "EZKL proof: " + detail, expected,
        shown.length() > 120 ? shown.substring(0, 120) + "..." : shown);
  }
}
