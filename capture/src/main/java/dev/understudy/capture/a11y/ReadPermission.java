package dev.understudy.capture.a11y;

/**
 * The recorder's policy on what the accessibility source may read. Nothing inside an application
 * or a top-level window that is refused is read: not its elements, not their names.
 *
 * <p>The source asks twice before it descends into an application: first with a null window name
 * (the application alone, decided on its process id before even its window names are read), then
 * with the name of the top-level window (frame, dialog) that holds the element. Called on the
 * source's reader thread; must be quick and must not block.
 */
@FunctionalInterface
public interface ReadPermission {
    /** Everything may be read. */
    ReadPermission ALL = (pid, windowName) -> true;

    /**
     * @param pid the application's process id, 0 when the bus does not know it
     * @param windowName the top-level window's accessible name, or null when only the application
     *     is asked about (answer false then only if no window of it may ever be read)
     */
    boolean mayRead(long pid, String windowName);
}
