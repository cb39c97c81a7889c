package dev.zkautograd.generator;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Every {@code href} and {@code src} of a generated site's pages, and the ones that do not resolve to a file of the site. */
final class SiteLinks {
  private static final Pattern LINK = Pattern.compile("(?:href|src)=\"([^\"]*)\"");

  private SiteLinks() {}

  /** Links of every page under {@code site} that are not relative or do not lead to a file inside it. */
  static List<String> broken(Path site) throws IOException {
    List<String> broken = new ArrayList<>();
    List<Path> pages;
    try (Stream<Path> s = Files.walk(site)) {
      pages = s.filter(p -> p.toString().endsWith(".html")).toList();
    }
    Path root = site.toAbsolutePath().normalize();
    for (Path page : pages) {
      Matcher m = LINK.matcher(Files.readString(page));
      while (m.find()) {
        String href = m.group(1).replace("&amp;", "&");
        if (href.startsWith("magnet:")) continue;
        if (href.startsWith("#")) continue;
        if (href.contains("://") || href.startsWith("/")) {
          broken.add(site.relativize(page) + ": not relative: " + href);
          continue;
        }
        String path = href.contains("#") ? href.substring(0, href.indexOf('#')) : href;
        Path target = page.toAbsolutePath().getParent().resolve(URLDecoder.decode(path, StandardCharsets.UTF_8)).normalize();
        if (!target.startsWith(root)) {
          broken.add(site.relativize(page) + ": leaves the site: " + href);
        } else if (!Files.isRegularFile(target)) {
          broken.add(site.relativize(page) + ": no such file: " + href);
        }
      }
    }
    return broken;
  }
}
