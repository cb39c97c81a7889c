package dev.zkautograd.zk.proof;

import dev.zkautograd.zk.VerificationException;
import dev.zkautograd.zk.VerificationException.Reason;
import dev.zkautograd.zk.field.Felt;
import dev.zkautograd.zk.merkle.BatchOpening;
import dev.zkautograd.zk.merkle.MerkleHash;
import dev.zkautograd.zk.params.ProofParameters;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The proof byte format, version 1 (docs/proof-system.md, "Proof format"). All integers are
 * big-endian; field elements are 16 bytes, canonical. The parser is strict: it reads untrusted bytes
 * within length limits, rejects trailing bytes and non-canonical values, and throws nothing but
 * {@link VerificationException} with reason MALFORMED or UNSUPPORTED_VERSION.
 */
public final class ProofCodec {
  /** The 4-byte magic "ZKAP" (zk-autograd proof). */
  public static final byte[] MAGIC = {'Z', 'K', 'A', 'P'};
  /** The format version this code writes and reads. */
  public static final int VERSION = 1;
  /** Largest proof accepted (4 MiB). */
  public static final int MAX_PROOF_BYTES = 4 << 20;
  /** Largest statement accepted. */
  public static final int MAX_STATEMENT_BYTES = 4096;

  private ProofCodec() {}

  /** Serialises a proof. */
  public static byte[] encode(StarkProof p) {
    Out o = new Out();
    o.bytes(MAGIC);
    o.u16(VERSION);
    o.bytes(p.params().toBytes());
    o.u16(p.statement().length);
    o.bytes(p.statement());
    o.u8(p.segmentRoots().size());
    p.segmentRoots().forEach(o::bytes);
    o.bytes(p.compositionRoot());
    o.u8(p.friRoots().size());
    p.friRoots().forEach(o::bytes);
    o.felts(p.oodTrace());
    o.felts(p.oodNext());
    o.felts(p.oodComposition());
    o.felts(p.finalPolynomial());
    o.u64(p.powNonce());
    for (BatchOpening b : p.segmentOpenings()) {
      o.opening(b);
    }
    o.opening(p.compositionOpening());
    for (BatchOpening b : p.friOpenings()) {
      o.opening(b);
    }
    return o.toByteArray();
  }

  /** Parses untrusted bytes. */
  public static StarkProof decode(byte[] bytes) throws VerificationException {
    if (bytes == null || bytes.length > MAX_PROOF_BYTES) {
      throw VerificationException.of(Reason.MALFORMED, "proof size outside limits", "<= " + MAX_PROOF_BYTES + " bytes",
          bytes == null ? "nothing" : bytes.length + " bytes");
    }
    In in = new In(bytes);
    byte[] magic = in.bytes(MAGIC.length, "magic");
    for (int i = 0; i < MAGIC.length; i++) {
      if (magic[i] != MAGIC[i]) {
        throw VerificationException.of(Reason.UNSUPPORTED_VERSION, "not a zk-autograd STARK proof (magic)");
      }
    }
    int version = in.u16("version");
    if (version != VERSION) {
      throw VerificationException.of(Reason.UNSUPPORTED_VERSION, "unknown proof format version", VERSION, version);
    }
    ProofParameters params;
    int blowup = in.u8("blowup");
    int queries = in.u16("queries");
    int grinding = in.u8("grinding");
    int folding = in.u8("folding");
    try {
      params = ProofParameters.builder().blowupLog2(blowup).queries(queries).grindingBits(grinding).foldingLog2(folding).build();
    } catch (IllegalArgumentException e) {
      throw VerificationException.of(Reason.MALFORMED, "parameters out of range: " + e.getMessage());
    }
    int statementLength = in.u16("statement length");
    if (statementLength > MAX_STATEMENT_BYTES) {
      throw VerificationException.of(Reason.MALFORMED, "statement too long", MAX_STATEMENT_BYTES, statementLength);
    }
    byte[] statement = in.bytes(statementLength, "statement");
    List<byte[]> roots = in.digests(in.u8("segment count"), "segment roots");
    byte[] compRoot = in.bytes(MerkleHash.DIGEST, "composition root");
    List<byte[]> friRoots = in.digests(in.u8("FRI layer count"), "FRI roots");
    List<Felt> oodTrace = in.felts("OOD trace values");
    List<Felt> oodNext = in.felts("OOD next-row values");
    List<Felt> oodComp = in.felts("OOD composition values");
    List<Felt> finalPoly = in.felts("final polynomial");
    long nonce = in.u64("nonce");
    List<BatchOpening> segs = new ArrayList<>();
    for (int i = 0; i < roots.size(); i++) {
      segs.add(in.opening("segment opening " + i));
    }
    BatchOpening comp = in.opening("composition opening");
    List<BatchOpening> fri = new ArrayList<>();
    for (int i = 0; i < friRoots.size(); i++) {
      fri.add(in.opening("FRI layer opening " + i));
    }
    if (in.remaining() != 0) {
      throw VerificationException.of(Reason.MALFORMED, "trailing bytes after the proof", 0, in.remaining());
    }
    return new StarkProof(params, statement, roots, compRoot, oodTrace, oodNext, oodComp, friRoots, finalPoly, nonce, segs, comp, fri);
  }

  private static final class Out extends ByteArrayOutputStream {
    Out() {
      super(1 << 16);
    }

    void bytes(byte[] b) {
      write(b, 0, b.length);
    }

    void u8(int v) {
      write(v);
    }

    void u16(int v) {
      write(v >>> 8);
      write(v);
    }

    void u32(int v) {
      u16(v >>> 16);
      u16(v & 0xFFFF);
    }

    void u64(long v) {
      u32((int) (v >>> 32));
      u32((int) v);
    }

    void felts(List<Felt> fs) {
      u16(fs.size());
      for (Felt f : fs) {
        bytes(f.toBytes());
      }
    }

    void opening(BatchOpening b) {
      int width = b.width();
      u16(b.indices().length);
      u16(width);
      for (int i = 0; i < b.indices().length; i++) {
        u32(b.indices()[i]);
        bytes(b.salts()[i]);
        for (int k = 0; k < width; k++) {
          bytes(Felt.at(b.values()[i], k).toBytes());
        }
      }
      u32(b.nodes().length);
      for (byte[] node : b.nodes()) {
        bytes(node);
      }
    }
  }

  private static final class In {
    private final byte[] b;
    private int pos;

    In(byte[] b) {
      this.b = b;
    }

    int remaining() {
      return b.length - pos;
    }

    private void need(long n, String field) throws VerificationException {
      if (n < 0 || n > remaining()) {
        throw VerificationException.of(Reason.MALFORMED, "proof truncated in " + field, n + " more bytes", remaining());
      }
    }

    byte[] bytes(int n, String field) throws VerificationException {
      need(n, field);
      byte[] out = new byte[n];
      System.arraycopy(b, pos, out, 0, n);
      pos += n;
      return out;
    }

    int u8(String field) throws VerificationException {
      need(1, field);
      return b[pos++] & 0xFF;
    }

    int u16(String field) throws VerificationException {
      need(2, field);
      int v = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
      pos += 2;
      return v;
    }

    long u32(String field) throws VerificationException {
      need(4, field);
      long v = 0;
      for (int i = 0; i < 4; i++) {
        v = (v << 8) | (b[pos++] & 0xFF);
      }
      return v;
    }

    long u64(String field) throws VerificationException {
      return (u32(field) << 32) | u32(field);
    }

    Felt felt(String field) throws VerificationException {
      need(16, field);
      Felt f = Felt.fromBytes(b, pos);
      if (f == null) {
        throw VerificationException.of(Reason.MALFORMED, "non-canonical field element in " + field);
      }
      pos += 16;
      return f;
    }

    List<Felt> felts(String field) throws VerificationException {
      int n = u16(field);
      need(16L * n, field);
      List<Felt> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(felt(field));
      }
      return out;
    }

    List<byte[]> digests(int n, String field) throws VerificationException {
      need(32L * n, field);
      List<byte[]> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(bytes(32, field));
      }
      return out;
    }

    BatchOpening opening(String field) throws VerificationException {
      int leaves = u16(field);
      int width = u16(field);
      if (leaves == 0 || width == 0) {
        throw VerificationException.of(Reason.MALFORMED, "empty opening in " + field);
      }
      long leafBytes = 4L + MerkleHash.SALT + 16L * width;
      need(leafBytes * leaves, field);
      int[] idx = new int[leaves];
      byte[][] salts = new byte[leaves][];
      long[][] values = new long[leaves][];
      for (int i = 0; i < leaves; i++) {
        long index = u32(field);
        if (index > Integer.MAX_VALUE) {
          throw VerificationException.of(Reason.MALFORMED, "leaf index too large in " + field);
        }
        idx[i] = (int) index;
        salts[i] = bytes(MerkleHash.SALT, field);
        values[i] = new long[2 * width];
        for (int k = 0; k < width; k++) {
          felt(field).store(values[i], k);
        }
      }
      long nodes = u32(field);
      need(32L * nodes, field);
      byte[][] ns = new byte[(int) nodes][];
      for (int i = 0; i < nodes; i++) {
        ns[i] = bytes(32, field);
      }
      return new BatchOpening(idx, salts, values, ns);
    }
  }
}
