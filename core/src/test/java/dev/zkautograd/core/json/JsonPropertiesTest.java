package dev.zkautograd.core.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.zkautograd.core.CoreException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.erdtman.jcs.JsonCanonicalizer;
import org.erdtman.jcs.NumberToJSON;

/** Properties of the parser and writer, with erdtman's java-json-canonicalization as the oracle. */
class JsonPropertiesTest {

  @Provide
  Arbitrary<JsonValue> documents() {
    return JsonArbitraries.values();
  }

  @Property(tries = 400)
  void canonical_form_matches_the_oracle(@ForAll("documents") JsonValue v, @ForAll long seed) throws Exception {
    // The oracle reads only an object or array at the top, so every document goes into an array.
    String noisy = "[" + JsonArbitraries.noisy(v, new Random(seed)) + "]";
    byte[] ours = Json.write(Json.parse(noisy.getBytes(StandardCharsets.UTF_8)));
    byte[] oracle = new JsonCanonicalizer(noisy).getEncodedUTF8();
    assertEquals(new String(oracle, StandardCharsets.UTF_8), new String(ours, StandardCharsets.UTF_8));
  }

  @Property(tries = 300)
  void canonical_bytes_read_back_in_canonical_mode_as_the_same_value(@ForAll("documents") JsonValue v) throws CoreException {
    byte[] c = Json.write(v);
    JsonValue back = Json.parse(c, JsonParseOptions.CANONICAL);
    assertEquals(v, back);
    assertArrayEquals(c, Json.write(back));
  }

  @Property(tries = 1000)
  void numbers_serialise_as_ecmascript_does(@ForAll("finiteDoubles") double d) throws Exception {
    String ours = EcmaNumber.toString(d);
    assertEquals(NumberToJSON.serializeNumber(d), ours);
    assertEquals(d == 0 ? 0.0 : d, Double.parseDouble(ours));
  }

  @Provide
  Arbitrary<Double> finiteDoubles() {
    return Arbitraries.oneOf(
        Arbitraries.longs().map(Double::longBitsToDouble),
        Arbitraries.doubles(),
        Arbitraries.integers().between(-1100, 1100).map(e -> Math.scalb(1.0, e)),
        Arbitraries.integers().between(-30, 30).map(e -> Math.pow(10, e)))
        .filter(d -> !Double.isNaN(d) && !Double.isInfinite(d));
  }

  @Property(tries = 1000)
  void random_bytes_throw_only_core_exception(@ForAll byte[] bytes) {
    JsonFuzzing.parseAnything(bytes);
  }

  @Property(tries = 1000)
  void mutated_documents_throw_only_core_exception(@ForAll("documents") JsonValue v, @ForAll long seed) {
    Random r = new Random(seed);
    byte[] b = JsonArbitraries.noisy(v, r).getBytes(StandardCharsets.UTF_8);
    JsonFuzzing.parseAnything(JsonFuzzing.mutate(b, r));
  }
}
