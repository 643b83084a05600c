package dev.understudy.model.browser;

/** A box in pixels (CSS or screen, as the field that holds it says); JSON {@code [x, y, width, height]}. */
public record Box(double x, double y, double width, double height) {}
