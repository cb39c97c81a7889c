package dev.zkautograd.generator.page;

/**
 * What the index says about a run, and the header every page of the run repeats.
 *
 * @param href the run page, relative to the site's root
 * @param optimizer the rule and its learning rate, e.g. {@code adam, lr 0.05}
 * @param finalLoss the last step's loss, or "–" for a run without steps
 */
public record RunSummary(String id, String href, String created, String status, long steps, String backend, String optimizer,
    long params, int chunks, String finalLoss, String root) {}
