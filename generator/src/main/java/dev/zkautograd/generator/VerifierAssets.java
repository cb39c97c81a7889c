package dev.zkautograd.generator;

import java.io.IOException;
import java.util.Map;

/**
 * The seam through which the in-browser verifier reaches the site: its files (script, WebAssembly,
 * runtime), by path relative to {@code assets/verifier/}. The generator must not depend on the
 * module that builds the verifier (DESIGN §2), so the command that has every module on its class
 * path hands it over, typically as {@link #fromClasspath}.
 *
 * <p>Pages include the verifier whether or not the assets are present; without them the panel
 * simply does not load and its fallback text stays.
 */
public interface VerifierAssets {
  /** The folder of the site the files are copied into. */
  String SITE_FOLDER = "assets/verifier";

  /** The panel script every page with a verify section loads. */
  String PANEL_SCRIPT = SITE_FOLDER + "/verify-panel.js";

  /** The files, by relative path; empty when this build has no verifier. */
  Map<String, byte[]> files() throws IOException;

  /** No verifier in this build. */
  VerifierAssets NONE = Map::of;

  /** The files under {@code folder} (for example {@code dev/zkautograd/portal/assets/verifier/}) of {@code loader}'s class path. */
  static VerifierAssets fromClasspath(ClassLoader loader, String folder) {
    return () -> ClasspathFolder.read(loader, folder);
  }
}
