package dev.understudy.model.browser;

/**
 * The mouse event of a {@link BrowserMessage.Pointer} message.
 *
 * @param button MouseEvent.button: 0 main, 1 middle, 2 secondary, 3 back, 4 forward
 * @param client where in the frame's viewport, CSS pixels
 * @param screen where on the screen, DIPs (the recorder matches it with the OS's click)
 * @param detail the click count (2 for the second press of a double click), or null
 */
public record PointerPress(int button, Point client, Point screen, Integer detail) {}
