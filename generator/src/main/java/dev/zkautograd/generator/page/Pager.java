package dev.zkautograd.generator.page;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The page links of a paginated step table: previous, next, the first and last pages and a window
 * around the current one, with gaps between.
 *
 * @param page the current page, 1-based
 * @param prev the previous page's href, or null on the first page
 * @param next the next page's href, or null on the last page
 */
public record Pager(int page, int pages, String prev, String next, List<Item> items) {
  /** Pages shown on either side of the current one. */
  static final int WINDOW = 2;

  /** One page number, or a gap ({@code href} null, label "…"). */
  public record Item(String label, String href, boolean current) {}

  public Pager {
    items = List.copyOf(items);
  }

  /** The pager of page {@code page} of {@code pages}, with {@code href.apply(n)} the link to page n. */
  public static Pager of(int page, int pages, IntFunction<String> href) {
    List<Item> items = new ArrayList<>();
    int last = 0;
    for (int n = 1; n <= pages; n++) {
      if (n == 1 || n == pages || Math.abs(n - page) <= WINDOW) {
        if (n > last + 1) items.add(new Item("…", null, false));
        items.add(new Item(Integer.toString(n), href.apply(n), n == page));
        last = n;
      }
    }
    return new Pager(page, pages, page > 1 ? href.apply(page - 1) : null, page < pages ? href.apply(page + 1) : null, items);
  }

  /** Whether there is more than one page (else the pager is not shown). */
  public boolean shown() {
    return pages > 1;
  }
}
