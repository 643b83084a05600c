#!/usr/bin/python3
"""A GTK 4 window with one button "Go" (the test moves the window away from the origin).
Usage: gtk4_button.py TITLE"""
import sys
import gi
gi.require_version("Gtk", "4.0")
from gi.repository import Gtk, GLib, Graphene

title = sys.argv[1] if len(sys.argv) > 1 else "Four"


def activate(app):
    win = Gtk.ApplicationWindow(application=app, title=title)
    win.set_default_size(300, 200)
    box = Gtk.Box(orientation=Gtk.Orientation.VERTICAL, spacing=6)
    box.set_margin_top(40)
    box.set_margin_start(30)
    box.append(Gtk.Label(label="GTK 4"))
    go = Gtk.Button(label="Go")
    box.append(go)
    win.set_child(box)

    def command(source, condition):
        """'where' prints 'AT Go x y': the button's centre relative to the window's surface."""
        line = sys.stdin.readline()
        if not line:
            app.quit()
            return False
        if line.startswith("where"):
            ok, p = go.compute_point(win, Graphene.Point().init(go.get_width() / 2, go.get_height() / 2))
            sx, sy = win.get_surface_transform()
            print("AT Go %d %d" % (p.x + sx, p.y + sy), flush=True)
        return True

    GLib.io_add_watch(GLib.IOChannel.unix_new(sys.stdin.fileno()), GLib.IO_IN | GLib.IO_HUP, command)

    def mapped(*args):
        print("READY", flush=True)

    win.connect("map", mapped)
    win.present()


app = Gtk.Application(application_id=None)
app.connect("activate", activate)
app.run([])
