package dev.zkautograd.zk.air;

import java.util.List;

/**
 * What an AIR asks of the LogUp range-check gadget: these columns hold values in [0, 2^bits) on
 * every row. The gadget adds a table and a multiplicity column to {@code segment} (committed before
 * the LogUp challenge) and an aux segment with the running sum.
 *
 * @param segment the main segment that receives the table and multiplicity columns
 * @param limbColumns names of the range-checked columns
 * @param bits limb width; the trace must have at least 2^bits rows
 */
public record RangeCheckSpec(String segment, List<String> limbColumns, int bits) {
  public RangeCheckSpec {
    limbColumns = List.copyOf(limbColumns);
    if (bits < 1 || bits > 16) {
      throw new IllegalArgumentException("limb width must be 1..16 bits");
    }
  }
}
