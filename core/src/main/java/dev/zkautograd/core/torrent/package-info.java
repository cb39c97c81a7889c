/**
 * BitTorrent metainfo as the run directory needs it: canonical bencoding ({@link
 * dev.zkautograd.core.torrent.Bencode}) and torrent files read from untrusted bytes ({@link
 * dev.zkautograd.core.torrent.TorrentFile}). The info dictionary of a run's files is defined by
 * {@link dev.zkautograd.core.run.PayloadTorrent}; {@code docs/formats/torrent.md} is the spec.
 * Plain Java and BouncyCastle's SHA-1, so the browser verifier can run it too.
 */
package dev.zkautograd.core.torrent;
