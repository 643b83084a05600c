package dev.understudy.model.browser;

/** A point in pixels (CSS pixels or screen DIPs, as the field that holds it says); JSON {@code [x, y]}. */
public record Point(double x, double y) {}
