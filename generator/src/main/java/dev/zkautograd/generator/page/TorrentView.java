package dev.zkautograd.generator.page;

/**
 * The run's torrent on its page.
 *
 * @param magnet the magnet link with the web seed ({@code ws=}) where the site has a base URL
 * @param webSeed the BEP 19 web seed, or null where the site was generated without a base URL
 */
public record TorrentView(String infoHash, String magnet, String torrentHref, String torrentSize, String webSeed) {}
