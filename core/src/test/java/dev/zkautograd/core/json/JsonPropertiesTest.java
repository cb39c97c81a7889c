package dev.zkautograd.core.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.zkautograd.core.testing.Seeded;
import java.nio.charset.StandardCharsets;
import org.erdtman.jcs.JsonCanonicalizer;
import org.erdtman.jcs.NumberToJSON;
import org.junit.jupiter.api.Test;

/** Properties of the parser and writer, with erdtman's java-json-canonicalization as the oracle. */
class JsonPropertiesTest {

  @Test
  void canonical_form_matches_the_oracle() {
    Seeded.check(1000, r -> {
      // The oracle reads only an object or array at the top, so every document goes into an array.
      String noisy = "[" + JsonGen.noisy(JsonGen.value(r), r) + "]";
      byte[] ours = Json.write(Json.parse(noisy.getBytes(StandardCharsets.UTF_8)));
      String oracle = new JsonCanonicalizer(noisy).getEncodedString();
      assertEquals(oracle, new String(ours, StandardCharsets.UTF_8), noisy);
    });
  }

  @Test
  void canonical_bytes_read_back_in_canonical_mode_as_the_same_value() {
    Seeded.check(1000, r -> {
      JsonValue v = JsonGen.value(r);
      byte[] c = Json.write(v);
      JsonValue back = Json.parse(c, JsonParseOptions.CANONICAL);
      assertEquals(v, back);
      assertArrayEquals(c, Json.write(back));
    });
  }

  @Test
  void numbers_serialise_as_ecmascript_does() {
    Seeded.check(5000, r -> {
      double d = JsonGen.finiteDouble(r);
      String ours = EcmaNumber.toString(d);
      assertEquals(NumberToJSON.serializeNumber(d), ours);
      assertEquals(d == 0 ? 0.0 : d, Double.parseDouble(ours));
    });
  }

  @Test
  void random_bytes_throw_only_core_exception() {
    Seeded.check(5000, r -> JsonFuzzing.parseAnything(JsonGen.bytes(r)));
  }

  @Test
  void mutated_documents_throw_only_core_exception() {
    Seeded.check(3000, r -> {
      byte[] b = JsonGen.noisy(JsonGen.value(r), r).getBytes(StandardCharsets.UTF_8);
      JsonFuzzing.parseAnything(JsonFuzzing.mutate(b, r));
    });
  }
}
