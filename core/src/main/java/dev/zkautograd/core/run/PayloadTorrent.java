package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.torrent.Bencode;
import dev.zkautograd.core.torrent.Bencoded;
import dev.zkautograd.core.torrent.TorrentFile;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.crypto.digests.SHA1Digest;

/**
 * The BitTorrent v1 torrent of a finished run's payload ({@code docs/formats/torrent.md}): exactly
 * the files {@code run_manifest.json} lists, in its order, under a folder named after the run. The
 * manifest itself and {@code anchors.json} are not in it — the manifest records this torrent's
 * info-hash, so it cannot be inside it; it is signed, and published beside the files.
 *
 * <p>The info dictionary is a function of the run alone: {@code name} the run id, {@code files}
 * with {@code length} and {@code path} (the relative path split at {@code /}), {@code piece length}
 * from {@link #pieceLength}, {@code pieces} the SHA-1 of each piece of the files' concatenation.
 * Nothing else (no {@code private}, no creation date), so anyone holding the files computes the
 * same info-hash.
 *
 * @param info the bencoded info dictionary
 * @param infoHash its SHA-1, 40 lower-case hex digits
 */
public record PayloadTorrent(byte[] info, String infoHash) {
  /** Smallest and largest piece length. */
  public static final int MIN_PIECE = 1 << 14;

  public static final int MAX_PIECE = 1 << 24;

  /** Pieces aimed at: the piece length is the smallest power of two giving at most this many. */
  public static final int TARGET_PIECES = 1024;

  public PayloadTorrent {
    info = info.clone();
  }

  @Override
  public byte[] info() {
    return info.clone();
  }

  /** The smallest power of two from 16 KiB to 16 MiB that cuts {@code total} bytes into at most 1,024 pieces (16 MiB if none does). */
  public static int pieceLength(long total) {
    int p = MIN_PIECE;
    while (p < MAX_PIECE && (total + p - 1) / p > TARGET_PIECES) p <<= 1;
    return p;
  }

  /**
   * The torrent of run {@code runId} whose listed files are {@code files} (sorted by path, as a
   * manifest lists them), read from {@code source}.
   *
   * @throws CoreException IO for a file that cannot be read, DIGEST_MISMATCH for one whose size is not the listed size
   */
  public static PayloadTorrent of(String runId, List<RunManifest.FileEntry> files, RunFiles source) throws CoreException {
    long total = 0;
    for (RunManifest.FileEntry f : files) total += f.size();
    int piece = pieceLength(total);
    List<Bencoded> fileList = new ArrayList<>(files.size());
    java.io.ByteArrayOutputStream pieces = new java.io.ByteArrayOutputStream();
    SHA1Digest sha1 = new SHA1Digest();
    byte[] digest = new byte[20];
    int inPiece = 0;
    for (RunManifest.FileEntry f : files) {
      String path = f.path().value();
      byte[] bytes = source.read(path, Run.MAX_PROOF_BYTES);
      if (bytes.length != f.size()) {
        throw CoreException.of(CoreException.Reason.DIGEST_MISMATCH, "file size differs from run_manifest.json").file(path).field("files")
            .expected(f.size() + " bytes").actual(bytes.length + " bytes").build();
      }
      for (int at = 0; at < bytes.length; ) {
        int n = Math.min(piece - inPiece, bytes.length - at);
        sha1.update(bytes, at, n);
        at += n;
        inPiece += n;
        if (inPiece == piece) {
          sha1.doFinal(digest, 0);
          pieces.write(digest, 0, digest.length);
          inPiece = 0;
        }
      }
      List<Bencoded> components = new ArrayList<>();
      for (String c : f.path().segments()) components.add(Bencoded.Bytes.of(c));
      fileList.add(new Bencoded.Dict(List.of(Bencoded.Entry.of("length", new Bencoded.Int(f.size())),
          Bencoded.Entry.of("path", new Bencoded.ListOf(components)))));
    }
    if (inPiece > 0) {
      sha1.doFinal(digest, 0);
      pieces.write(digest, 0, digest.length);
    }
    byte[] info = Bencode.write(new Bencoded.Dict(List.of(
        Bencoded.Entry.of("files", new Bencoded.ListOf(fileList)),
        Bencoded.Entry.of("name", Bencoded.Bytes.of(runId)),
        Bencoded.Entry.of("piece length", new Bencoded.Int(piece)),
        Bencoded.Entry.of("pieces", new Bencoded.Bytes(pieces.toByteArray())))));
    return new PayloadTorrent(info, TorrentFile.infoHash(info));
  }

  /** The magnet link the manifest records: {@code magnet:?xt=urn:btih:<info-hash>&dn=<run-id>} (a run id needs no escaping). */
  public static String magnet(String infoHash, String runId) {
    return "magnet:?xt=urn:btih:" + infoHash + "&dn=" + runId;
  }

  /**
   * The {@code .torrent} file: {@code created by}, this info dictionary, and the BEP 19 web seeds
   * ({@code url-list}) when there are any. Its info-hash is {@link #infoHash()} whatever the seeds.
   */
  public byte[] metainfo(List<String> webSeeds) {
    List<Bencoded.Entry> top = new ArrayList<>();
    top.add(Bencoded.Entry.of("created by", Bencoded.Bytes.of("zk-autograd")));
    byte[] head = Bencode.write(new Bencoded.Dict(top));
    List<Bencoded> seeds = new ArrayList<>();
    for (String s : webSeeds) seeds.add(Bencoded.Bytes.of(s));
    byte[] tail = seeds.isEmpty() ? new byte[0]
        : Bencode.write(new Bencoded.Dict(List.of(Bencoded.Entry.of("url-list", new Bencoded.ListOf(seeds)))));
    // d <created by> 4:info <info> [8:url-list <list>] e — the info bytes are copied, not re-encoded.
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(head, 0, head.length - 1);
    byte[] infoKey = "4:info".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    out.write(infoKey, 0, infoKey.length);
    out.write(info, 0, info.length);
    if (tail.length > 0) out.write(tail, 1, tail.length - 2);
    out.write('e');
    return out.toByteArray();
  }
}
