package dev.zkautograd.generator.page;

import java.util.Locale;

/**
 * A line chart of one value per step as inline SVG: scales with the page (a {@code viewBox}, no
 * fixed size), no script, no external font. Long runs are drawn from at most {@value #BUCKETS}
 * buckets, each contributing its smallest and largest value, so a 10,000-step run draws the same
 * envelope in a few KB. Only numbers go into the SVG; the caller's label is escaped.
 */
public final class LineChart {
  /** Most buckets drawn; each adds two points. */
  static final int BUCKETS = 320;

  private static final int WIDTH = 640;
  private static final int HEIGHT = 220;
  private static final int LEFT = 76;
  private static final int RIGHT = 12;
  private static final int TOP = 22;
  private static final int BOTTOM = 34;

  private LineChart() {}

  /**
   * The chart of {@code ys[i]} at step {@code i}.
   *
   * @param label what the chart shows, for screen readers and as its title
   * @param filled whether the area under the line is filled (a timeline of durations)
   * @return the SVG element, or the empty string when there are no values
   */
  public static String svg(String label, double[] ys, String unit, boolean filled) {
    int n = ys.length;
    if (n == 0) return "";
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double y : ys) {
      min = Math.min(min, y);
      max = Math.max(max, y);
    }
    if (filled) min = Math.min(0, min);
    if (max - min < 1e-300) {
      max = min + (min == 0 ? 1 : Math.abs(min) * 0.1);
    }
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;
    StringBuilder points = new StringBuilder();
    int buckets = Math.min(n, BUCKETS);
    for (int b = 0; b < buckets; b++) {
      int from = (int) ((long) b * n / buckets);
      int to = (int) ((long) (b + 1) * n / buckets);
      int lo = from;
      int hi = from;
      for (int i = from; i < to; i++) {
        if (ys[i] < ys[lo]) lo = i;
        if (ys[i] > ys[hi]) hi = i;
      }
      int first = Math.min(lo, hi);
      int second = Math.max(lo, hi);
      point(points, first, ys[first], n, min, max, plotW, plotH);
      if (second != first) point(points, second, ys[second], n, min, max, plotW, plotH);
    }
    StringBuilder s = new StringBuilder(points.length() + 1200);
    s.append("<svg class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
        .append("\" role=\"img\" aria-label=\"").append(escape(label)).append("\"><title>").append(escape(label)).append("</title>");
    // Grid and y labels at min, middle, max.
    for (int t = 0; t <= 2; t++) {
      double v = min + (max - min) * t / 2;
      double y = TOP + plotH - plotH * t / 2;
      s.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"").append(f(y))
          .append("\" y2=\"").append(f(y)).append("\"/>");
      s.append("<text class=\"tick\" x=\"").append(LEFT - 6).append("\" y=\"").append(f(y + 4)).append("\" text-anchor=\"end\">")
          .append(escape(Display.number(v))).append("</text>");
    }
    s.append("<text class=\"tick\" x=\"").append(LEFT).append("\" y=\"").append(HEIGHT - 8).append("\">step 0</text>");
    s.append("<text class=\"tick\" x=\"").append(WIDTH - RIGHT).append("\" y=\"").append(HEIGHT - 8)
        .append("\" text-anchor=\"end\">step ").append(n - 1).append("</text>");
    s.append("<text class=\"unit\" x=\"").append((LEFT + WIDTH - RIGHT) / 2).append("\" y=\"").append(HEIGHT - 8)
        .append("\" text-anchor=\"middle\">").append(escape(unit)).append("</text>");
    String pts = points.toString().trim();
    if (filled) {
      String base = f(TOP + plotH);
      s.append("<polygon class=\"area\" points=\"").append(f(LEFT)).append(',').append(base).append(' ').append(pts).append(' ')
          .append(f(LEFT + (n == 1 ? 0 : plotW))).append(',').append(base).append("\"/>");
    }
    if (n == 1) {
      String[] xy = pts.split(",");
      s.append("<circle class=\"dot\" cx=\"").append(xy[0]).append("\" cy=\"").append(xy[1]).append("\" r=\"4\"/>");
    } else {
      s.append("<polyline class=\"line\" points=\"").append(pts).append("\"/>");
    }
    return s.append("</svg>").toString();
  }

  private static void point(StringBuilder out, int i, double y, int n, double min, double max, double plotW, double plotH) {
    double px = LEFT + (n == 1 ? 0 : plotW * i / (n - 1));
    double py = TOP + plotH - plotH * (y - min) / (max - min);
    out.append(f(px)).append(',').append(f(py)).append(' ');
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
