package dev.understudy.reduce;

import dev.understudy.model.FrameReason;
import dev.understudy.model.MarkerKind;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.understudy.model.A11yNode;
import dev.understudy.model.AppContext;
import dev.understudy.model.Json;
import dev.understudy.model.Manifest;
import dev.understudy.model.Monitor;
import dev.understudy.model.Mods;
import dev.understudy.model.RawEvent;
import dev.understudy.model.Rect;
import dev.understudy.model.Step;
import dev.understudy.model.browser.BrowserMessageReader;
import java.util.ArrayList;
import java.util.List;

/** A tiny builder of synthetic event streams for edge cases the recorded fixtures do not show. */
final class Events {
    static final long WALL0 = 1_732_268_400_000L;
    static final Manifest ONE_MONITOR = new Manifest(1, "t", "0.1.0", "linux", "12", "x86_64", "x11", "UTC",
            WALL0, null, null, List.of(new Monitor(0, 0, 0, 1920, 1080, 1.0)));

    final List<RawEvent> list = new ArrayList<>();
    private long ms;

    /** Sets the clock, in ms since the session start. */
    Events at(long ms) {
        this.ms = ms;
        return this;
    }

    private long mono() {
        return ms * 1_000_000L;
    }

    private long wall() {
        return WALL0 + ms;
    }

    Events add(RawEvent e) {
        list.add(e);
        return this;
    }

    static AppContext app(String name, long pid) {
        return new AppContext(name, name, name + " window", pid, new Rect(100, 100, 800, 600), null);
    }

    Events focus(String name, long pid) {
        return focus(app(name, pid));
    }

    Events focus(AppContext app) {
        return add(new RawEvent.WindowFocus(mono(), wall(), app));
    }

    Events move(int x, int y) {
        return add(new RawEvent.MouseMove(mono(), wall(), x, y, 0));
    }

    Events down(int x, int y, String button, int clicks) {
        return add(new RawEvent.MouseDown(mono(), wall(), x, y, button, clicks, 0));
    }

    Events up(int x, int y, String button) {
        return add(new RawEvent.MouseUp(mono(), wall(), x, y, button, 0));
    }

    /** Left down now, up 80 ms later (the clock moves to the up). */
    Events click(int x, int y, int clicks) {
        down(x, y, "left", clicks);
        ms += 80;
        return up(x, y, "left");
    }

    Events rightClick(int x, int y) {
        down(x, y, "right", 1);
        ms += 80;
        return up(x, y, "right");
    }

    Events wheel(int x, int y, int dx, int dy, int mods) {
        return add(new RawEvent.Wheel(mono(), wall(), x, y, dx, dy, mods));
    }

    Events keyDown(String key, String ch, int mods) {
        return add(new RawEvent.KeyDown(mono(), wall(), code(key), key, ch, mods));
    }

    Events keyUp(String key, int mods) {
        return add(new RawEvent.KeyUp(mono(), wall(), code(key), key, mods));
    }

    /** A named key pressed and released 80 ms later. */
    Events key(String key) {
        keyDown(key, null, 0);
        ms += 80;
        return keyUp(key, 0);
    }

    /** A printable key pressed and released 80 ms later. */
    Events typeKey(String key, String ch) {
        keyDown(key, ch, 0);
        ms += 80;
        return keyUp(key, 0);
    }

    /** ctrl down, key down/up, ctrl up, 60 ms apart. */
    Events ctrl(String key) {
        keyDown("ctrl", null, 0);
        ms += 60;
        keyDown(key, null, Mods.CTRL);
        ms += 60;
        keyUp(key, Mods.CTRL);
        ms += 60;
        return keyUp("ctrl", Mods.CTRL);
    }

    Events clip(String op, String text) {
        return add(new RawEvent.Clipboard(mono(), wall(), op, text, text.length(), false));
    }

    Events marker(MarkerKind kind) {
        return add(new RawEvent.Marker(mono(), wall(), kind, null));
    }

    Events frame(String id, int monitor, long grabbedMs) {
        return add(new RawEvent.Frame(grabbedMs * 1_000_000L, WALL0 + grabbedMs, id, monitor, 1920, 1080, FrameReason.ONSET));
    }

    /** A browser event that says nothing but its kind. */
    Events browser(String kind) {
        return add(new RawEvent.Browser(mono(), wall(), BrowserMessageReader.read(kind, Json.MAPPER.createObjectNode())));
    }

    /**
     * A browser event stamped by the page {@code pageLagMs} before it reached the recorder ("t" is
     * the page's clock), with the given fields of the trace's JSON (read as the trace is read).
     */
    Events browser(String kind, long pageLagMs, String json) {
        try {
            ObjectNode d = (ObjectNode) Json.MAPPER.readTree(json);
            d.put("t", (double) (wall() - pageLagMs));
            return add(new RawEvent.Browser(mono(), wall(), BrowserMessageReader.read(kind, d)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** alt down, key down/up, alt up, 60 ms apart. */
    Events alt(String key) {
        keyDown("alt", null, 0);
        ms += 60;
        keyDown(key, null, Mods.ALT);
        ms += 60;
        keyUp(key, Mods.ALT);
        ms += 60;
        return keyUp("alt", Mods.ALT);
    }

    /**
     * An accessibility read stamped {@code atMs} (a POINTER read: its mouse_down's time) stored now,
     * at the stream's current end; the clock does not move.
     */
    Events a11y(long atMs, String kind, int x, int y, String status, A11yNode element, List<A11yNode> path) {
        return add(new RawEvent.A11y(atMs * 1_000_000L, WALL0 + atMs, kind, x, y, "LibreOffice 7.6", element, path,
                List.of(), 900, status));
    }

    /** Milliseconds since the session start, for the page's clock. */
    long now() {
        return ms;
    }

    List<Step> reduce() {
        return Reducer.reduce("t", ONE_MONITOR, list);
    }

    private static int code(String key) {
        return Math.abs(key.hashCode() % 1000);
    }
}
