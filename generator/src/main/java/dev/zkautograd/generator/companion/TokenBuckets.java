package dev.zkautograd.generator.companion;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per client address: {@code burst} requests at once, refilled at {@code perSecond}.
 * A refused request learns how long until the next token ({@link #take} returns the wait), which
 * the service sends as {@code Retry-After}. Buckets that are full again are dropped once the map
 * holds {@value #MAX_CLIENTS} clients, so memory stays bounded whatever the number of addresses.
 */
final class TokenBuckets {
  static final int MAX_CLIENTS = 10_000;

  private final double perSecond;
  private final double burst;
  private final LongSupplier nanoTime;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    double tokens;
    long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }
  }

  TokenBuckets(double perSecond, int burst, LongSupplier nanoTime) {
    if (!(perSecond > 0) || burst < 1) throw new IllegalArgumentException("rate and burst must be positive");
    this.perSecond = perSecond;
    this.burst = burst;
    this.nanoTime = nanoTime;
  }

  /**
   * Takes a token for {@code client}.
   *
   * @return 0 when the request may go ahead, else the nanoseconds until a token is there
   */
  long take(String client) {
    long now = nanoTime.getAsLong();
    if (buckets.size() >= MAX_CLIENTS) evictFull(now);
    Bucket b = buckets.computeIfAbsent(client, c -> new Bucket(burst, now));
    synchronized (b) {
      refill(b, now);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - b.tokens) / perSecond * 1e9);
    }
  }

  private void refill(Bucket b, long now) {
    b.tokens = Math.min(burst, b.tokens + (now - b.at) / 1e9 * perSecond);
    b.at = now;
  }

  private void evictFull(long now) {
    for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
      Bucket b = it.next();
      synchronized (b) {
        refill(b, now);
        if (b.tokens >= burst) it.remove();
      }
    }
  }

  int clients() {
    return buckets.size();
  }
}
