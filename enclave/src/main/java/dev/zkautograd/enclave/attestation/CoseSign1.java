package dev.zkautograd.enclave.attestation;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import dev.zkautograd.enclave.attestation.AttestationException.Reason;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * A COSE_Sign1 structure (RFC 9052 §4.2) as the NSM writes it: {@code [protected: bstr(map {1:
 * -35}), unprotected: {}, payload: bstr, signature: bstr]}, optionally under tag 18, with an ES384
 * signature (P-384, SHA-384, r || s of 48 bytes each) over the Sig_structure {@code ["Signature1",
 * protected, h'', payload]}.
 */
public record CoseSign1(byte[] protectedHeader, byte[] payload, byte[] signature) {
  /** COSE algorithm identifier of ECDSA with SHA-384. */
  public static final int ES384 = -35;
  /** Largest document accepted. */
  public static final int MAX_BYTES = 16 << 10;

  public CoseSign1 {
    protectedHeader = protectedHeader.clone();
    payload = payload.clone();
    signature = signature.clone();
  }

  @Override
  public byte[] protectedHeader() {
    return protectedHeader.clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** The protected header every Nitro document carries: {1: -35}. */
  public static byte[] es384Header() {
    CBORObject h = CBORObject.NewMap();
    h.Add(CBORObject.FromObject(1), CBORObject.FromObject(ES384));
    return h.EncodeToBytes();
  }

  /** Signs {@code payload} with a P-384 key. */
  public static CoseSign1 sign(byte[] payload, PrivateKey key) throws GeneralSecurityException {
    byte[] header = es384Header();
    Signature s = Signature.getInstance("SHA384withECDSAinP1363Format");
    s.initSign(key);
    s.update(sigStructure(header, payload));
    return new CoseSign1(header, payload, s.sign());
  }

  /** The bytes the signature is over. */
  public static byte[] sigStructure(byte[] protectedHeader, byte[] payload) {
    CBORObject a = CBORObject.NewArray();
    a.Add("Signature1");
    a.Add(CBORObject.FromObject(protectedHeader));
    a.Add(CBORObject.FromObject(new byte[0]));
    a.Add(CBORObject.FromObject(payload));
    return a.EncodeToBytes();
  }

  public byte[] encode() {
    CBORObject a = CBORObject.NewArray();
    a.Add(CBORObject.FromObject(protectedHeader));
    a.Add(CBORObject.NewMap());
    a.Add(CBORObject.FromObject(payload));
    a.Add(CBORObject.FromObject(signature));
    return a.EncodeToBytes();
  }

  /**
   * Parses a COSE_Sign1 document and checks its algorithm is ES384.
   *
   * @throws AttestationException MALFORMED for any other shape; UNSUPPORTED_ALGORITHM for another alg
   */
  public static CoseSign1 parse(byte[] bytes) throws AttestationException {
    if (bytes.length > MAX_BYTES) {
      throw AttestationException.of(Reason.MALFORMED, "the attestation document is too large", "at most " + MAX_BYTES + " bytes", bytes.length);
    }
    CBORObject o = Cbor.decode(bytes, "the COSE_Sign1 document");
    if (o.HasMostOuterTag(18) && o.getMostOuterTag().ToInt32Checked() == 18) o = o.UntagOne();
    if (o.isTagged() || o.getType() != CBORType.Array || o.size() != 4) {
      throw AttestationException.of(Reason.MALFORMED, "a COSE_Sign1 is an array of 4", "[protected, unprotected, payload, signature]", o.getType());
    }
    byte[] header = Cbor.bytes(o.get(0), "protected header", 1, 64);
    Cbor.typed(o.get(1), CBORType.Map, "unprotected header");
    byte[] payload = Cbor.bytes(o.get(2), "payload", 1, MAX_BYTES);
    byte[] sig = Cbor.bytes(o.get(3), "signature", 1, 512);
    CBORObject h = Cbor.typed(Cbor.decode(header, "the protected header"), CBORType.Map, "protected header");
    CBORObject alg = h.get(CBORObject.FromObject(1));
    if (h.size() != 1 || alg == null || alg.getType() != CBORType.Integer || !alg.CanValueFitInInt64() || alg.AsInt64Value() != ES384) {
      throw AttestationException.of(Reason.UNSUPPORTED_ALGORITHM, "the protected header must say alg ES384 and nothing else", "{1: -35}",
          h.toString());
    }
    if (sig.length != 96) {
      throw AttestationException.of(Reason.MALFORMED, "an ES384 signature is r || s, 48 bytes each", "96 bytes", sig.length + " bytes");
    }
    return new CoseSign1(header, payload, sig);
  }

  /** Whether the signature verifies with {@code key} over this structure's Sig_structure. */
  public boolean verifies(PublicKey key) {
    try {
      Signature s = Signature.getInstance("SHA384withECDSAinP1363Format");
      s.initVerify(key);
      s.update(sigStructure(protectedHeader, payload));
      return s.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
