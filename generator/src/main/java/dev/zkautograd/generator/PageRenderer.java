package dev.zkautograd.generator;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders the templates of {@code site/src/main/jte}, compiled to Java at build time (no template
 * compiler at run time), HTML-escaping every value they print.
 */
final class PageRenderer {
  /** The package the jte Maven plugin compiles the templates into (generator/pom.xml). */
  private static final String PACKAGE = "dev.zkautograd.generator.templates";

  private final TemplateEngine engine =
      TemplateEngine.createPrecompiled(null, ContentType.Html, PageRenderer.class.getClassLoader(), PACKAGE);

  /** Writes template {@code name} (e.g. {@code run.jte}) with {@code page} to {@code file}; returns the bytes written. */
  long write(String name, Object page, Path file) throws IOException {
    Utf8ByteOutput out = new Utf8ByteOutput();
    engine.render(name, page, out);
    try (OutputStream s = Files.newOutputStream(file)) {
      out.writeTo(s);
    }
    return out.getContentLength();
  }
}
