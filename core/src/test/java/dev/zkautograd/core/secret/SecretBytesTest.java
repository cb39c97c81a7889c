package dev.zkautograd.core.secret;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SecretBytesTest {
  private final InsecureSecretAccess access = InsecureSecretAccess.get();

  @Test
  void copiesInAndOut() {
    byte[] raw = {1, 2, 3};
    SecretBytes s = SecretBytes.copyFrom(raw, access);
    raw[0] = 9;
    assertArrayEquals(new byte[] {1, 2, 3}, s.toByteArray(access));
    s.toByteArray(access)[1] = 9;
    assertArrayEquals(new byte[] {1, 2, 3}, s.toByteArray(access));
    assertEquals(3, s.size());
  }

  @Test
  void readingNeedsTheToken() {
    SecretBytes s = SecretBytes.random(32, new SecureRandom());
    assertThrows(NullPointerException.class, () -> s.toByteArray(null));
    assertThrows(NullPointerException.class, () -> SecretBytes.copyFrom(new byte[1], null));
  }

  @Test
  void toStringIsRedacted() {
    SecretBytes s = SecretBytes.copyFrom(new byte[] {0x41, 0x42}, access);
    assertEquals("SecretBytes[2 bytes, redacted]", s.toString());
    assertFalse(s.toString().contains("AB"));
  }

  @Test
  void equalityIsExplicitAndByContent() {
    SecretBytes a = SecretBytes.copyFrom(new byte[] {1, 2}, access);
    SecretBytes b = SecretBytes.copyFrom(new byte[] {1, 2}, access);
    assertTrue(a.equalsSecretBytes(b));
    assertNotEquals(a, b); // equals stays identity: secrets are not map keys
    assertFalse(a.equalsSecretBytes(SecretBytes.copyFrom(new byte[] {1, 3}, access)));
    assertFalse(a.equalsSecretBytes(SecretBytes.copyFrom(new byte[] {1}, access)));
    assertFalse(a.equalsSecretBytes(null));
  }

  @Test
  void randomHasTheRequestedSize() {
    assertEquals(32, SecretBytes.random(32, new SecureRandom()).size());
    assertThrows(IllegalArgumentException.class, () -> SecretBytes.random(-1, new SecureRandom()));
  }
}
