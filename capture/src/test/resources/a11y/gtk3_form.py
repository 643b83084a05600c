#!/usr/bin/python3
"""A GTK 3 window for the accessibility tests: a menu bar File > Save As..., a button "Send",
a check box "Bold", a combo box "Size", a password entry "Password". Usage: gtk3_form.py TITLE"""
import sys
import gi
gi.require_version("Gtk", "3.0")
from gi.repository import Gtk, GLib

title = sys.argv[1] if len(sys.argv) > 1 else "Form"
win = Gtk.Window(title=title)
win.set_default_size(420, 320)
win.connect("destroy", Gtk.main_quit)
box = Gtk.Box(orientation=Gtk.Orientation.VERTICAL, spacing=6)
win.add(box)

bar = Gtk.MenuBar()
file_item = Gtk.MenuItem.new_with_mnemonic("_File")
menu = Gtk.Menu()
for label in ("New", "Open", "Save", "Save As\u2026", "Quit"):
    menu.append(Gtk.MenuItem(label=label))
file_item.set_submenu(menu)
bar.append(file_item)
bar.append(Gtk.MenuItem.new_with_mnemonic("_Edit"))
box.pack_start(bar, False, False, 0)

send = Gtk.Button(label="Send")
box.pack_start(send, False, False, 0)
bold = Gtk.CheckButton(label="Bold")
box.pack_start(bold, False, False, 0)
size = Gtk.ComboBoxText()
for s in ("10", "12", "14", "18"):
    size.append_text(s)
size.set_active(1)
size.get_accessible().set_name("Size")
box.pack_start(size, False, False, 0)
password = Gtk.Entry()
password.set_visibility(False)
password.get_accessible().set_name("Password")
box.pack_start(password, False, False, 0)

widgets = {"Send": send, "Bold": bold, "Size": size, "Password": password, "File": file_item}


def command(source, condition):
    """Reads one command from stdin: 'where NAME' prints 'AT NAME cx cy' (the widget's centre in
    root coordinates); 'focus NAME' gives it the keyboard focus; 'quit'."""
    line = sys.stdin.readline()
    if not line:
        Gtk.main_quit()
        return False
    words = line.split(maxsplit=1)
    if not words:
        return True
    if words[0] == "where":
        w = widgets[words[1].strip()]
        ox, oy = win.get_window().get_origin()[1:]
        x, y = w.translate_coordinates(win, 0, 0)
        a = w.get_allocation()
        print("AT %s %d %d" % (words[1].strip(), ox + x + a.width // 2, oy + y + a.height // 2), flush=True)
    elif words[0] == "focus":
        widgets[words[1].strip()].grab_focus()
        print("FOCUSED", flush=True)
    elif words[0] == "quit":
        Gtk.main_quit()
    return True


def mapped(*args):
    print("READY", flush=True)
    return False


GLib.io_add_watch(GLib.IOChannel.unix_new(sys.stdin.fileno()), GLib.IO_IN | GLib.IO_HUP, command)
win.connect("map-event", mapped)
win.show_all()
Gtk.main()
