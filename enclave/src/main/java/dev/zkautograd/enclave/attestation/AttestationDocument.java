package dev.zkautograd.enclave.attestation;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import dev.zkautograd.enclave.attestation.AttestationException.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The payload of an AWS Nitro attestation document ({@code docs/attestation.md}, "The document"):
 * a CBOR map of module_id, digest, timestamp, pcrs, certificate, cabundle, and the optional
 * public_key, user_data and nonce. Parsed strictly, with the size limits the NSM itself applies.
 *
 * @param timestamp when the document was made, to the millisecond
 * @param pcrs platform configuration registers by index (0-31), each 32, 48 or 64 bytes
 * @param certificate the DER leaf certificate whose key signs the document
 * @param cabundle DER certificates from the root (first) to the leaf's issuer (last)
 */
public record AttestationDocument(String moduleId, String digest, Instant timestamp, Map<Integer, byte[]> pcrs, byte[] certificate,
    List<byte[]> cabundle, byte[] publicKey, byte[] userData, byte[] nonce) {
  public static final String SHA384 = "SHA384";
  static final int MAX_FIELD = 1024;
  static final int MAX_USER_DATA = 512;
  static final int MAX_NONCE = 512;

  public AttestationDocument {
    pcrs = Collections.unmodifiableMap(new TreeMap<>(pcrs));
    cabundle = List.copyOf(cabundle);
  }

  /** The document's CBOR map, in the field order the NSM writes. */
  public byte[] toCbor() {
    CBORObject m = CBORObject.NewMap();
    m.Add("module_id", moduleId);
    m.Add("digest", digest);
    m.Add("timestamp", timestamp.toEpochMilli());
    CBORObject p = CBORObject.NewMap();
    for (Map.Entry<Integer, byte[]> e : pcrs.entrySet()) p.Add(CBORObject.FromObject(e.getKey()), CBORObject.FromObject(e.getValue()));
    m.Add("pcrs", p);
    m.Add("certificate", CBORObject.FromObject(certificate));
    CBORObject bundle = CBORObject.NewArray();
    for (byte[] c : cabundle) bundle.Add(CBORObject.FromObject(c));
    m.Add("cabundle", bundle);
    m.Add("public_key", publicKey == null ? CBORObject.Null : CBORObject.FromObject(publicKey));
    m.Add("user_data", userData == null ? CBORObject.Null : CBORObject.FromObject(userData));
    m.Add("nonce", nonce == null ? CBORObject.Null : CBORObject.FromObject(nonce));
    return m.EncodeToBytes();
  }

  /**
   * Parses a document payload.
   *
   * @throws AttestationException MALFORMED for anything but the documented map;
   *     UNSUPPORTED_ALGORITHM for a digest other than SHA384
   */
  public static AttestationDocument parse(byte[] payload) throws AttestationException {
    CBORObject m = Cbor.typed(Cbor.decode(payload, "the attestation document"), CBORType.Map, "the attestation document");
    for (CBORObject k : m.getKeys()) {
      if (k.getType() != CBORType.TextString || !List.of("module_id", "digest", "timestamp", "pcrs", "certificate", "cabundle",
          "public_key", "user_data", "nonce").contains(k.AsString())) {
        throw AttestationException.of(Reason.MALFORMED, "the attestation document has an unknown member", "the Nitro fields", k.toString());
      }
    }
    String moduleId = Cbor.text(Cbor.field(m, "module_id"), "module_id", 256);
    String digest = Cbor.text(Cbor.field(m, "digest"), "digest", 16);
    if (!SHA384.equals(digest)) throw AttestationException.of(Reason.UNSUPPORTED_ALGORITHM, "the document's PCR digest", SHA384, digest);
    long ms = Cbor.unsigned(Cbor.field(m, "timestamp"), "timestamp");
    if (ms == 0) throw AttestationException.of(Reason.MALFORMED, "timestamp must be positive");
    CBORObject p = Cbor.typed(Cbor.field(m, "pcrs"), CBORType.Map, "pcrs");
    if (p.size() < 1 || p.size() > 32) throw AttestationException.of(Reason.MALFORMED, "pcrs has 1-32 entries", "1-32", p.size());
    Map<Integer, byte[]> pcrs = new TreeMap<>();
    for (CBORObject k : p.getKeys()) {
      long index = Cbor.unsigned(k, "a PCR index");
      if (index > 31) throw AttestationException.of(Reason.MALFORMED, "PCR index out of range", "0-31", index);
      byte[] v = Cbor.bytes(p.get(k), "pcrs[" + index + "]", 32, 64);
      if (v.length != 32 && v.length != 48 && v.length != 64) {
        throw AttestationException.of(Reason.MALFORMED, "a PCR has 32, 48 or 64 bytes", "32/48/64", v.length);
      }
      pcrs.put((int) index, v);
    }
    byte[] certificate = Cbor.bytes(Cbor.field(m, "certificate"), "certificate", 1, MAX_FIELD);
    CBORObject b = Cbor.typed(Cbor.field(m, "cabundle"), CBORType.Array, "cabundle");
    if (b.size() < 1 || b.size() > 16) throw AttestationException.of(Reason.MALFORMED, "cabundle has 1-16 certificates", "1-16", b.size());
    List<byte[]> bundle = new ArrayList<>();
    for (int i = 0; i < b.size(); i++) bundle.add(Cbor.bytes(b.get(i), "cabundle[" + i + "]", 1, MAX_FIELD));
    return new AttestationDocument(moduleId, digest, Instant.ofEpochMilli(ms), pcrs, certificate, bundle,
        Cbor.optionalBytes(m, "public_key", MAX_FIELD), Cbor.optionalBytes(m, "user_data", MAX_USER_DATA),
        Cbor.optionalBytes(m, "nonce", MAX_NONCE));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AttestationDocument d && Arrays.equals(d.toCbor(), toCbor());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(toCbor());
  }

  @Override
  public String toString() {
    return "AttestationDocument[" + moduleId + " at " + timestamp + ", " + pcrs.size() + " PCRs]";
  }
}
