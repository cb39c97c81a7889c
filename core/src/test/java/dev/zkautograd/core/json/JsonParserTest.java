package dev.zkautograd.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonParserTest {

  private static CoreException refused(byte[] bytes, JsonParseOptions options) {
    return assertThrows(CoreException.class, () -> Json.parse(bytes, options));
  }

  private static CoreException refused(String json) {
    return refused(json.getBytes(StandardCharsets.UTF_8), JsonParseOptions.DEFAULT);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "", " ", "{", "}", "[1,]", "{\"a\":1,}", "[01]", "[-01]", "[1.]", "[.5]", "[+1]", "[-]", "[1e]", "[1e+]",
    "[NaN]", "[Infinity]", "['a']", "[tru]", "[nul]", "{\"a\" 1}", "{a:1}", "[1] [2]", "[1]x", "/*c*/[1]",
    "[\"\\x\"]", "[\"\\u12G4\"]", "[\"\\u123\"]", "[\"abc]", "[1e400]", "[-1e400]", "{\"a\":1 \"b\":2}", "[1 2]",
    "[\"\u0001\"]", "[\"\t\"]", "\u00a0[1]"
  })
  void malformed_json_is_refused(String json) {
    assertEquals(Reason.MALFORMED, refused(json).reason(), json);
  }

  @Test
  void duplicate_member_names_are_refused_naming_the_member() {
    CoreException e = refused("{\"a\":{\"b\":1,\"b\":2}}");
    assertEquals(Reason.MALFORMED, e.reason());
    assertEquals("a.b", e.field());
    assertTrue(e.getMessage().contains("duplicate"));
  }

  @Test
  void errors_name_the_path_of_the_broken_value() {
    assertEquals("a[1].b", refused("{\"a\":[1,{\"b\":tru}]}").field());
  }

  @ParameterizedTest
  @ValueSource(strings = {"[\"\\ud800\"]", "[\"\\udc00\"]", "[\"\\ud800\\u0041\"]", "[\"\\ud800x\"]", "[\"\\ude00\\ud83d\"]"})
  void lone_surrogates_are_refused(String json) {
    CoreException e = refused(json);
    assertEquals(Reason.MALFORMED, e.reason());
    assertTrue(e.getMessage().contains("surrogate"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "5bc0af5d", // overlong '/'
    "5be08080805d", // overlong in three bytes
    "5bf08080805d", // overlong in four bytes
    "5b22eda080225d", // UTF-8 encoded surrogate U+D800
    "5b22f4908080225d", // U+110000
    "5b22e282225d", // truncated
    "5b22802201", // bare continuation byte
    "5b22ff225d", // never valid
    "efbbbf5b315d", // byte order mark
  })
  void invalid_utf8_is_refused(String hex) {
    assertEquals(Reason.MALFORMED, refused(Hex.decode(hex), JsonParseOptions.DEFAULT).reason());
  }

  @Test
  void valid_multibyte_utf8_and_escaped_pairs_are_read() throws CoreException {
    JsonValue v = Json.parse("[\"\u00e9\u20ac\ud83d\ude00\",\"\\ud83d\\ude00\\u00E9\"]".getBytes(StandardCharsets.UTF_8));
    assertEquals(new JsonString("\u00e9\u20ac\ud83d\ude00"), ((JsonArray) v).get(0));
    assertEquals(new JsonString("\ud83d\ude00\u00e9"), ((JsonArray) v).get(1));
  }

  @Test
  void depth_limit() throws CoreException {
    JsonParseOptions o = JsonParseOptions.DEFAULT.withMaxDepth(3);
    Json.parse("[[{\"a\":1}]]".getBytes(StandardCharsets.UTF_8), o);
    CoreException e = refused("[[{\"a\":[]}]]".getBytes(StandardCharsets.UTF_8), o);
    assertEquals(Reason.TOO_LARGE, e.reason());
    assertEquals("[0][0].a", e.field());
    assertEquals(Reason.TOO_LARGE, refused("[".repeat(100_000)).reason());
  }

  @Test
  void size_limit() {
    CoreException e = refused("[1,2,3]".getBytes(StandardCharsets.UTF_8), JsonParseOptions.DEFAULT.withMaxBytes(6));
    assertEquals(Reason.TOO_LARGE, e.reason());
    assertEquals("7 bytes", e.actual());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"b\":1,\"a\":2}", "{\"a\":1} ", " {\"a\":1}", "{\"a\": 1}", "[1.0]", "[1E2]", "[-0]",
    "[\"\\u0041\"]", "[\"\\/\"]", "[\"\\u001F\"]", "[\"\\u007f\"]", "[0.10]"})
  void canonical_mode_refuses_non_canonical_bytes(String json) {
    CoreException e = refused(json.getBytes(StandardCharsets.UTF_8), JsonParseOptions.CANONICAL);
    assertEquals(Reason.NOT_CANONICAL, e.reason(), json);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"a\":2,\"b\":1}", "[1,-5,0.1,1e+30,\"\\u001f\\n\u007f\",true,null]", "{}", "[]", "\"\"", "0"})
  void canonical_mode_accepts_canonical_bytes(String json) throws CoreException {
    Json.parse(json.getBytes(StandardCharsets.UTF_8), JsonParseOptions.CANONICAL);
  }

  @Test
  void not_canonical_error_says_where() {
    CoreException e = refused("{\"a\":1, \"b\":2}".getBytes(StandardCharsets.UTF_8), JsonParseOptions.CANONICAL);
    assertTrue(e.getMessage().contains("at byte 7"), e.getMessage());
  }
}
