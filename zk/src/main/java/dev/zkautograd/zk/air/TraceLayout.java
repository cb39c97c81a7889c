package dev.zkautograd.zk.air;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The final column layout: every committed segment (the AIR's, with the gadget's columns added,
 * then the aux segment) and a global index for every column, in segment order.
 */
public final class TraceLayout implements Air.Columns {
  private final List<SegmentSpec> segments;
  private final int[] starts;
  private final Map<String, Integer> index = new HashMap<>();
  private final List<String> names = new ArrayList<>();
  private final List<String> periodicNames = new ArrayList<>();

  TraceLayout(List<SegmentSpec> segments, List<PeriodicColumn> periodic) {
    for (PeriodicColumn p : periodic) {
      periodicNames.add(p.name());
    }
    this.segments = List.copyOf(segments);
    this.starts = new int[segments.size() + 1];
    for (int s = 0; s < segments.size(); s++) {
      starts[s] = names.size();
      for (String c : segments.get(s).columns()) {
        if (index.put(c, names.size()) != null) {
          throw new IllegalArgumentException("duplicate column " + c);
        }
        names.add(c);
      }
    }
    starts[segments.size()] = names.size();
  }

  public List<SegmentSpec> segments() {
    return segments;
  }

  /** Global index of the first column of segment s. */
  public int start(int s) {
    return starts[s];
  }

  /** One past the last column of segment s. */
  public int end(int s) {
    return starts[s + 1];
  }

  /** Total number of columns. */
  public int width() {
    return names.size();
  }

  /** Index of the segment named {@code name}, or -1. */
  public int segmentIndex(String name) {
    for (int s = 0; s < segments.size(); s++) {
      if (segments.get(s).name().equals(name)) {
        return s;
      }
    }
    return -1;
  }

  /** Global index of a column. */
  public int indexOf(String column) {
    Integer i = index.get(column);
    if (i == null) {
      throw new IllegalArgumentException("no column named " + column);
    }
    return i;
  }

  /** Name of the column at a global index. */
  public String name(int column) {
    return names.get(column);
  }

  @Override
  public Expr.Column get(String name) {
    return new Expr.Column(indexOf(name), name, false);
  }

  @Override
  public Expr.Periodic periodic(String name) {
    int i = periodicNames.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("no periodic column named " + name);
    }
    return new Expr.Periodic(i, name);
  }
}
