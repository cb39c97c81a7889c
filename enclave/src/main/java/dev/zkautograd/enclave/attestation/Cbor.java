package dev.zkautograd.enclave.attestation;

import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import dev.zkautograd.enclave.attestation.AttestationException.Reason;

/**
 * Typed reads of untrusted CBOR: each accessor refuses, as {@link Reason#MALFORMED} naming the
 * field, a value of the wrong type or size. Decoding refuses duplicate map keys, trailing bytes and
 * nesting deeper than the library's limit.
 */
final class Cbor {
  private Cbor() {}

  static CBORObject decode(byte[] bytes, String what) throws AttestationException {
    try {
      return CBORObject.DecodeFromBytes(bytes);
    } catch (CBORException | IllegalArgumentException | IllegalStateException e) {
      throw AttestationException.of(Reason.MALFORMED, what + " is not well-formed CBOR: " + e.getMessage());
    }
  }

  static CBORObject field(CBORObject map, String key) throws AttestationException {
    CBORObject v = map.get(CBORObject.FromObject(key));
    if (v == null) throw AttestationException.of(Reason.MALFORMED, "the attestation document has no " + key);
    return v;
  }

  static byte[] bytes(CBORObject v, String field, int min, int max) throws AttestationException {
    if (v.isTagged() || v.getType() != CBORType.ByteString) {
      throw AttestationException.of(Reason.MALFORMED, field + " must be a byte string", "bstr", v.getType());
    }
    byte[] b = v.GetByteString();
    if (b.length < min || b.length > max) {
      throw AttestationException.of(Reason.MALFORMED, field + " has a size outside its range", min + "-" + max + " bytes", b.length + " bytes");
    }
    return b;
  }

  /** An optional byte string: absent or CBOR null is null. */
  static byte[] optionalBytes(CBORObject map, String key, int max) throws AttestationException {
    CBORObject v = map.get(CBORObject.FromObject(key));
    return v == null || v.isNull() ? null : bytes(v, key, 0, max);
  }

  static String text(CBORObject v, String field, int max) throws AttestationException {
    if (v.isTagged() || v.getType() != CBORType.TextString) {
      throw AttestationException.of(Reason.MALFORMED, field + " must be a text string", "tstr", v.getType());
    }
    String s = v.AsString();
    if (s.isEmpty() || s.length() > max) throw AttestationException.of(Reason.MALFORMED, field + " length out of range", "1-" + max, s.length());
    return s;
  }

  static long unsigned(CBORObject v, String field) throws AttestationException {
    if (v.isTagged() || v.getType() != CBORType.Integer || !v.CanValueFitInInt64() || v.AsInt64Value() < 0) {
      throw AttestationException.of(Reason.MALFORMED, field + " must be an unsigned integer", "uint", v.getType());
    }
    return v.AsInt64Value();
  }

  static CBORObject typed(CBORObject v, CBORType type, String field) throws AttestationException {
    if (v.isTagged() || v.getType() != type) throw AttestationException.of(Reason.MALFORMED, field + " has the wrong type", type, v.getType());
    return v;
  }
}
