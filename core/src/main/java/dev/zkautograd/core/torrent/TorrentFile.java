package dev.zkautograd.core.torrent;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import java.util.ArrayList;
import java.util.Arrays;
import org.bouncycastle.util.encoders.Hex;
import java.util.List;
import org.bouncycastle.crypto.digests.SHA1Digest;

/**
 * A {@code .torrent} file (BEP 3 metainfo, BEP 19 web seeds) as read from untrusted bytes: its
 * info-hash, taken over the {@code info} value exactly as the file spells it, its name and its web
 * seeds ({@code docs/formats/torrent.md}).
 *
 * @param infoHash SHA-1 of the bencoded {@code info} dictionary, 40 lower-case hex digits
 * @param info the bencoded {@code info} dictionary
 * @param webSeeds the {@code url-list} entries (a single string is one entry), in file order
 */
public record TorrentFile(String infoHash, byte[] info, String name, List<String> webSeeds) {
  /** Largest torrent file read. */
  public static final int MAX_BYTES = 32 << 20;

  public TorrentFile {
    info = info.clone();
    webSeeds = List.copyOf(webSeeds);
  }

  @Override
  public byte[] info() {
    return info.clone();
  }

  /** SHA-1 of {@code bytes} as 40 lower-case hex digits: the BitTorrent v1 info-hash of a bencoded info dictionary. */
  public static String infoHash(byte[] bytes) {
    SHA1Digest d = new SHA1Digest();
    d.update(bytes, 0, bytes.length);
    byte[] out = new byte[20];
    d.doFinal(out, 0);
    return Hex.toHexString(out);
  }

  /**
   * Reads a torrent file: a canonical bencoded dictionary with an {@code info} dictionary holding a
   * {@code name} string, and an optional {@code url-list} of strings (or one string).
   *
   * @throws CoreException MALFORMED, NOT_CANONICAL or TOO_LARGE for bytes that are not bencoded,
   *     MISSING_FIELD or BAD_FIELD for a torrent without those members
   */
  public static TorrentFile parse(byte[] bytes) throws CoreException {
    if (bytes.length > MAX_BYTES) {
      throw CoreException.of(Reason.TOO_LARGE, "torrent file too large").expected("at most " + MAX_BYTES + " bytes")
          .actual(bytes.length + " bytes").build();
    }
    Bencoded top = Bencode.parse(bytes);
    if (!(top instanceof Bencoded.Dict d)) {
      throw CoreException.of(Reason.BAD_FIELD, "a torrent file is a dictionary").expected("d...e").actual(kind(top)).build();
    }
    Bencoded.Entry info = d.get("info");
    if (info == null) throw CoreException.of(Reason.MISSING_FIELD, "a torrent file has an info dictionary").field("info").build();
    if (!(info.value() instanceof Bencoded.Dict infoDict)) {
      throw CoreException.of(Reason.BAD_FIELD, "info is a dictionary").field("info").expected("dictionary").actual(kind(info.value())).build();
    }
    Bencoded.Entry name = infoDict.get("name");
    if (name == null || !(name.value() instanceof Bencoded.Bytes n)) {
      throw CoreException.of(Reason.MISSING_FIELD, "info has a name string").field("info.name").build();
    }
    List<String> seeds = new ArrayList<>();
    Bencoded.Entry urls = d.get("url-list");
    if (urls != null) {
      if (urls.value() instanceof Bencoded.Bytes one) {
        seeds.add(one.text());
      } else if (urls.value() instanceof Bencoded.ListOf list) {
        for (Bencoded u : list.values()) {
          if (!(u instanceof Bencoded.Bytes s)) {
            throw CoreException.of(Reason.BAD_FIELD, "url-list holds strings").field("url-list").expected("strings").actual(kind(u)).build();
          }
          seeds.add(s.text());
        }
      } else {
        throw CoreException.of(Reason.BAD_FIELD, "url-list is a string or a list of strings").field("url-list")
            .expected("string or list").actual(kind(urls.value())).build();
      }
    }
    byte[] infoBytes = Arrays.copyOfRange(bytes, info.start(), info.end());
    return new TorrentFile(infoHash(infoBytes), infoBytes, n.text(), seeds);
  }

  private static String kind(Bencoded v) {
    return v instanceof Bencoded.Int ? "integer" : v instanceof Bencoded.Bytes ? "string" : v instanceof Bencoded.ListOf ? "list" : "dictionary";
  }
}
