package dev.zkautograd.core.optimizer;

/**
 * Clipping of one gradient coordinate to [−C, C], part of every optimizer rule: c = min(max(g,
 * −C), C). At g = ±C exactly the gradient is not clipped (side 0); the proof relies on that to make
 * the side unique.
 *
 * @param gradient g, Q32, as given
 * @param clipped c
 * @param side −1 if g &lt; −C, +1 if g &gt; C, else 0
 */
public record GradientClip(long gradient, long clipped, int side) {

  /** Clips {@code gradient} to {@code bound} (C &gt; 0). */
  public static GradientClip of(long gradient, long bound) {
    int side = gradient > bound ? 1 : gradient < -bound ? -1 : 0;
    return new GradientClip(gradient, side == 0 ? gradient : side * bound, side);
  }

  /** |g| − C − 1 when the gradient was clipped, else 0: the non-negative excess the AIR range-checks. */
  public long excess() {
    return side == 0 ? 0 : Math.abs(gradient) - Math.abs(clipped) - 1;
  }
}
