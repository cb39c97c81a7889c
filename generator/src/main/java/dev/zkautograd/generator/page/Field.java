package dev.zkautograd.generator.page;

/**
 * One name/value row of a page's definition list.
 *
 * @param code whether the value is shown in monospace (digests, keys, hyper-parameters)
 */
public record Field(String name, String value, boolean code) {
  public static Field text(String name, String value) {
    return new Field(name, value, false);
  }

  public static Field code(String name, String value) {
    return new Field(name, value, true);
  }
}
