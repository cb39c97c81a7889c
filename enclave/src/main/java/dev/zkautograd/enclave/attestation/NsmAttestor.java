package dev.zkautograd.enclave.attestation;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import dev.zkautograd.enclave.attestation.AttestationException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Attestation documents from the Nitro Secure Module, inside an enclave ({@code docs/attestation.md},
 * "Inside an enclave"): one {@code ioctl(NSM_IOCTL_REQUEST)} on {@code /dev/nsm} with the CBOR
 * request {@code {"Attestation": {"user_data", "nonce", "public_key"}}}, answered by {@code
 * {"Attestation": {"document": bstr}}} — the same exchange as the AWS NSM library's
 * {@code nsm_get_attestation_doc}. Not exercised by this project's tests (no enclave here); the
 * documents it returns go through the same {@link NitroAttestationVerifier} as local ones.
 */
public final class NsmAttestor implements Attestor {
  /** The NSM device of a Nitro enclave. */
  public static final Path DEVICE = Path.of("/dev/nsm");
  /** _IOWR(0x0A, 0, struct nsm_message) with a 32-byte nsm_message (two iovecs) on 64-bit Linux. */
  static final long NSM_IOCTL_REQUEST = 0xC0200A00L;
  /** The driver's largest response. */
  static final int MAX_RESPONSE = 0x3000;

  /** The few libc calls the exchange needs. */
  interface LibC extends Library {
    int open(String path, int flags);

    int ioctl(int fd, NativeLong request, Pointer message);

    int close(int fd);
  }

  private NsmAttestor() {}

  /** The NSM attestor, if this process runs in a Nitro enclave. */
  public static NsmAttestor open() throws AttestationException {
    if (!Files.exists(DEVICE)) {
      throw AttestationException.of(Reason.UNAVAILABLE, DEVICE + " does not exist: this is not a Nitro enclave (use the local attestor)");
    }
    return new NsmAttestor();
  }

  @Override
  public byte[] attest(byte[] nonce, byte[] userData, byte[] publicKey) throws AttestationException {
    CBORObject fields = CBORObject.NewMap();
    fields.Add("user_data", userData == null ? CBORObject.Null : CBORObject.FromObject(userData));
    fields.Add("nonce", nonce == null ? CBORObject.Null : CBORObject.FromObject(nonce));
    fields.Add("public_key", publicKey == null ? CBORObject.Null : CBORObject.FromObject(publicKey));
    CBORObject request = CBORObject.NewMap();
    request.Add("Attestation", fields);
    byte[] response = exchange(request.EncodeToBytes());
    CBORObject r = Cbor.decode(response, "the NSM response");
    CBORObject att = r.getType() == CBORType.Map ? r.get(CBORObject.FromObject("Attestation")) : null;
    if (att == null || att.getType() != CBORType.Map || att.get(CBORObject.FromObject("document")) == null) {
      throw AttestationException.of(Reason.UNAVAILABLE, "the NSM refused the attestation request: " + r);
    }
    return Cbor.bytes(att.get(CBORObject.FromObject("document")), "document", 1, CoseSign1.MAX_BYTES);
  }

  private static byte[] exchange(byte[] request) throws AttestationException {
    LibC libc = Native.load("c", LibC.class);
    int fd = libc.open(DEVICE.toString(), 2 /* O_RDWR */);
    if (fd < 0) throw AttestationException.of(Reason.UNAVAILABLE, "cannot open " + DEVICE + ": errno " + Native.getLastError());
    try (Memory req = new Memory(request.length); Memory resp = new Memory(MAX_RESPONSE); Memory msg = new Memory(32)) {
      req.write(0, request, 0, request.length);
      msg.setPointer(0, req);
      msg.setLong(8, request.length);
      msg.setPointer(16, resp);
      msg.setLong(24, MAX_RESPONSE);
      if (libc.ioctl(fd, new NativeLong(NSM_IOCTL_REQUEST), msg) < 0) {
        throw AttestationException.of(Reason.UNAVAILABLE, "NSM ioctl failed: errno " + Native.getLastError());
      }
      long n = msg.getLong(24);
      if (n <= 0 || n > MAX_RESPONSE) throw AttestationException.of(Reason.UNAVAILABLE, "the NSM returned " + n + " bytes");
      return resp.getByteArray(0, (int) n);
    } finally {
      libc.close(fd);
    }
  }

  @Override
  public String describe() {
    return "Nitro Secure Module (" + DEVICE + ")";
  }
}
