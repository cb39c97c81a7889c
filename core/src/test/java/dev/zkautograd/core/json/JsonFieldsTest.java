package dev.zkautograd.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonFieldsTest {

  private static JsonFields fields(String json) throws CoreException {
    return JsonFields.of(Json.parse(json.getBytes(StandardCharsets.UTF_8)), "top");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.0", "1e2", "1E0", "0.5", "9007199254740992", "-9007199254740992", "1e400"})
  void numbers_other_than_safe_integers_are_bad_fields(String n) throws CoreException {
    String json = "{\"n\":" + n + "}";
    if (n.equals("1e400")) {
      assertEquals(Reason.MALFORMED, assertThrows(CoreException.class, () -> fields(json)).reason());
      return;
    }
    JsonFields f = fields(json);
    CoreException e = assertThrows(CoreException.class, () -> f.integer("n", Long.MIN_VALUE, Long.MAX_VALUE));
    assertEquals(Reason.BAD_FIELD, e.reason());
    assertEquals("top.n", e.field());
    assertTrue(e.getMessage().contains("no fraction, no exponent"), e.getMessage());
  }

  @Test
  void safe_integers_and_ranges() throws CoreException {
    JsonFields f = fields("{\"a\":9007199254740991,\"b\":-9007199254740991,\"c\":5}");
    assertEquals(9007199254740991L, f.integer("a", 0, Long.MAX_VALUE));
    assertEquals(-9007199254740991L, f.integer("b", Long.MIN_VALUE, 0));
    CoreException e = assertThrows(CoreException.class, () -> f.integer("c", 0, 4));
    assertEquals(Reason.BAD_FIELD, e.reason());
    assertEquals("[0, 4]", e.expected());
    assertEquals("5", e.actual());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "01", "-1", "+1", "1.5", "1e3", " 1", "9223372036854775808", "99999999999999999999", "\u0661"})
  void bad_decimal_integers(String s) throws CoreException {
    JsonFields f = fields("{\"d\":\"" + s + "\"}");
    assertEquals(Reason.BAD_FIELD, assertThrows(CoreException.class, () -> f.decimalInteger("d", 0, Long.MAX_VALUE)).reason());
  }

  @Test
  void decimal_integers() throws CoreException {
    JsonFields f = fields("{\"a\":\"0\",\"b\":\"9223372036854775807\",\"c\":\"42\"}");
    assertEquals(0, f.decimalInteger("a", 0, 10));
    assertEquals(Long.MAX_VALUE, f.decimalInteger("b", 0, Long.MAX_VALUE));
    assertEquals(Reason.BAD_FIELD, assertThrows(CoreException.class, () -> f.decimalInteger("c", 0, 41)).reason());
  }

  @Test
  void decimals_for_display() {
    for (String ok : new String[] {"0", "0.5", "-0.6931", "12.000", "3"}) {
      assertTrue(JsonFields.isDecimal(ok, true), ok);
    }
    for (String bad : new String[] {"", "-", ".5", "5.", "01", "1e5", "NaN", "--1", "1.2.3", " 1"}) {
      assertFalse(JsonFields.isDecimal(bad, true), bad);
    }
    assertFalse(JsonFields.isDecimal("-1", false));
  }

  @Test
  void missing_wrong_type_unknown_and_version() throws CoreException {
    JsonFields f = fields("{\"format\":\"x/v2\",\"s\":1,\"extra\":true,\"o\":{\"p\":[]}}");
    CoreException missing = assertThrows(CoreException.class, () -> f.string("nope", 10));
    assertEquals(Reason.MISSING_FIELD, missing.reason());
    assertEquals("top.nope", missing.field());
    CoreException type = assertThrows(CoreException.class, () -> f.string("s", 10));
    assertEquals(Reason.BAD_FIELD, type.reason());
    assertEquals("string", type.expected());
    assertEquals("number", type.actual());
    CoreException version = assertThrows(CoreException.class, () -> f.format("x/v1"));
    assertEquals(Reason.UNSUPPORTED_VERSION, version.reason());
    JsonFields o = f.object("o");
    assertEquals("top.o.p[3]", o.elementPath("p", 3));
    CoreException unknown = assertThrows(CoreException.class, f::refuseUnknown);
    assertEquals(Reason.BAD_FIELD, unknown.reason());
    assertEquals("top.extra", unknown.field());
  }

  @Test
  void digests_and_one_of() throws CoreException {
    JsonFields f = fields("{\"d\":\"" + "AB".repeat(32) + "\",\"k\":\"adam\"}");
    assertEquals(Reason.BAD_FIELD, assertThrows(CoreException.class, () -> f.digest("d")).reason());
    assertEquals(Reason.BAD_FIELD, assertThrows(CoreException.class, () -> f.oneOf("k", "sgd")).reason());
    assertEquals("adam", f.oneOf("k", "sgd", "adam"));
  }
}
