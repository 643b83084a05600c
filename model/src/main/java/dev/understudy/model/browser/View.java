package dev.understudy.model.browser;

/**
 * The frame's geometry when the event happened, to turn page coordinates into screen pixels.
 *
 * @param dpr window.devicePixelRatio: device pixels per CSS pixel (page zoom included)
 * @param zoom the tab's zoom factor, or null
 * @param origin the frame viewport's top-left corner on the screen (DIPs), or null when unknown
 * @param cal true: origin calibrated from a trusted mouse event; false: estimated; null: not said
 */
public record View(double dpr, Double zoom, Point origin, Boolean cal) {}
