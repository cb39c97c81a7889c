package dev.zkautograd.core.torrent;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.json.JsonFuzzing;
import dev.zkautograd.core.json.JsonGen;
import dev.zkautograd.core.testing.Seeded;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Torrent files are untrusted bytes: the parsers throw only CoreException, for random bytes and for
 * mutations of the golden torrent, and what parses writes back to the same bytes. The Jazzer target
 * replays its corpus ({@code TorrentFileFuzzTestInputs/parse/}) in the normal run.
 */
class TorrentFileFuzzTest {
  static final Path GOLDEN = Path.of("src/test/resources/vectors/torrent/golden-run.torrent");

  static void parseAll(byte[] input) {
    try {
      Bencoded v = Bencode.parse(input);
      if (!Arrays.equals(Bencode.write(v), input)) throw new AssertionError("bencoding does not round-trip");
    } catch (CoreException expected) {
      // the typed refusal
    }
    try {
      TorrentFile t = TorrentFile.parse(input);
      if (!t.infoHash().equals(TorrentFile.infoHash(t.info()))) throw new AssertionError("info-hash not of the info bytes");
    } catch (CoreException expected) {
      // the typed refusal
    }
  }

  @FuzzTest(maxDuration = "30s")
  void parse(byte[] input) {
    parseAll(input);
  }

  @Test
  void random_bytes_throw_only_core_exception() {
    Seeded.check(3000, r -> parseAll(JsonGen.bytes(r)));
  }

  @Test
  void mutated_torrents_throw_only_core_exception() throws Exception {
    byte[] golden = Files.readAllBytes(GOLDEN);
    parseAll(golden);
    Seeded.check(3000, r -> parseAll(JsonFuzzing.mutate(golden, r)));
  }

  @Test
  void deep_nesting_is_refused_not_a_stack_overflow() {
    byte[] deep = "l".repeat(100_000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    CoreException e = org.junit.jupiter.api.Assertions.assertThrows(CoreException.class, () -> Bencode.parse(deep));
    org.junit.jupiter.api.Assertions.assertEquals(CoreException.Reason.TOO_LARGE, e.reason());
  }
}
