#!/usr/bin/python3
"""A GTK 4 window for the accessibility tests: a button "Send" and a check button "Notify me".
Prints "ready" once shown. GTK 4 on X11 reports element boxes relative to this window."""
import sys
import gi
gi.require_version('Gtk', '4.0')
from gi.repository import Gtk, GLib


def activate(app):
    win = Gtk.ApplicationWindow(application=app, title='Understudy GTK4 check')
    win.set_default_size(420, 240)
    box = Gtk.Box(orientation=Gtk.Orientation.VERTICAL, spacing=12)
    box.set_margin_top(40)
    box.set_margin_start(40)
    box.set_margin_end(40)
    send = Gtk.Button(label='Send')
    send.connect('clicked', lambda b: print('clicked Send', flush=True))
    box.append(send)
    box.append(Gtk.CheckButton(label='Notify me'))
    win.set_child(box)
    win.present()
    GLib.timeout_add(200, lambda: print('ready', flush=True) and False)


app = Gtk.Application(application_id='dev.understudy.Gtk4Check')
app.connect('activate', activate)
sys.exit(app.run([]))
