package dev.zkautograd.core.optimizer;

/**
 * One parameter's SGD update with every intermediate the proof constrains.
 *
 * @param weight w, Q32
 * @param gradient g, Q32, as given (before clipping)
 * @param clipped c = min(max(g, -C), C)
 * @param clipSide -1 if g &lt; -C, +1 if g &gt; C, else 0
 * @param quotient q = floor(lr * c / 2^32)
 * @param remainder r = lr * c - q * 2^32, in [0, 2^32)
 * @param next w' = w - q
 */
public record SgdUpdate(
    long weight, long gradient, long clipped, int clipSide, long quotient, long remainder, long next) {

  /** |g| - C - 1 when the gradient was clipped, else 0: the non-negative excess the AIR range-checks. */
  public long clipExcess() {
    return new GradientClip(gradient, clipped, clipSide).excess();
  }
}
