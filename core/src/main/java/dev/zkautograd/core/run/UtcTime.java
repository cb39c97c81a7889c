package dev.zkautograd.core.run;

import dev.zkautograd.core.CoreException;
import dev.zkautograd.core.CoreException.Reason;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A UTC time to the second in the one RFC 3339 spelling our formats use: {@code 2026-11-24T10:15:00Z}. */
public record UtcTime(String value) {

  public UtcTime {
    if (!wellFormed(value)) {
      throw new IllegalArgumentException("not YYYY-MM-DDTHH:MM:SSZ: " + value);
    }
  }

  public static UtcTime parse(String value, String field) throws CoreException {
    if (!wellFormed(value)) {
      throw CoreException.of(Reason.BAD_FIELD, "not a UTC time").field(field).expected("YYYY-MM-DDTHH:MM:SSZ").actual(value).build();
    }
    return new UtcTime(value);
  }

  /** The instant, truncated to the second. */
  public static UtcTime of(Instant instant) {
    return new UtcTime(instant.truncatedTo(ChronoUnit.SECONDS).toString());
  }

  private static boolean wellFormed(String s) {
    if (s.length() != 20) return false;
    String shape = "dddd-dd-ddTdd:dd:ddZ";
    for (int i = 0; i < 20; i++) {
      char want = shape.charAt(i);
      char c = s.charAt(i);
      if (want == 'd' ? c < '0' || c > '9' : c != want) return false;
    }
    int month = num(s, 5);
    int day = num(s, 8);
    return month >= 1 && month <= 12 && day >= 1 && day <= 31 && num(s, 11) <= 23 && num(s, 14) <= 59 && num(s, 17) <= 59;
  }

  private static int num(String s, int at) {
    return (s.charAt(at) - '0') * 10 + (s.charAt(at + 1) - '0');
  }

  @Override
  public String toString() {
    return value;
  }
}
