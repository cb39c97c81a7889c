package dev.zkautograd.generator.page;

/** A link as a page shows it: its text and a relative {@code href}. */
public record Link(String label, String href) {}
