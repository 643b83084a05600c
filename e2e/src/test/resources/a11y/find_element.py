#!/usr/bin/python3
"""The tests' own reader of the accessibility tree (libatspi through GObject introspection), apart
from the recorder's: prints the box of elements that are showing, to script clicks on them and to
check what the recorder grounded a step in.

  find_element.py [--app NAME] [--origin X Y] find ROLE NAME    -> "x y w h" of the first showing element with that role and name
                                        (NAME "*" matches any; exit 1 when none)
  find_element.py focused           -> "role<TAB>name<TAB>x y w h" of the focused element
  find_element.py selected          -> "role<TAB>name" of the menu entry the keyboard is on
  find_element.py dump APP [DEPTH]  -> the showing tree of an application (debugging)
Reads only applications whose name contains the optional --app substring.
"""
import sys
import gi
gi.require_version('Atspi', '2.0')
from gi.repository import Atspi

MAX_NODES = 20000


ORIGIN = (0, 0)  # --origin X Y: GTK 4 on X11 gives boxes relative to the window; the test passes its origin


def showing(a):
    try:
        ss = a.get_state_set()
        # GTK 4.8 never sets "showing" on its widgets, only "visible"
        return ss.contains(Atspi.StateType.SHOWING) or (ORIGIN != (0, 0) and ss.contains(Atspi.StateType.VISIBLE))
    except Exception:
        return False


def box(a):
    e = a.get_extents(Atspi.CoordType.SCREEN)
    return (e.x, e.y, e.width, e.height)


def raw(a):
    try:
        e = a.get_extents(Atspi.CoordType.SCREEN)
        return (e.x, e.y, e.width, e.height)
    except Exception:
        return (0, 0, 0, 0)


# LibreOffice (7.4, gtk3) reports the boxes of its own (VCL) widgets as if its window had no menu
# bar: its "root pane" says it starts where the native menu bar does, while its parent panel is
# below the bar. Boxes under it are moved by that difference, until a native GTK widget embedded
# again (whose box is right: it equals its parent's moved box).
OFFSET = {}


def offset_for(a, parent, parent_off):
    if parent is None:
        return (0, 0)
    pr, r = raw(parent), raw(a)
    if a.get_role_name() == 'root pane' and pr[2:] == r[2:] and pr[:2] != r[:2]:
        return (pr[0] - r[0], pr[1] - r[1])
    if parent_off != (0, 0) and r[2:] == pr[2:] and (r[0], r[1]) == (pr[0] + parent_off[0], pr[1] + parent_off[1]):
        return (0, 0)
    return parent_off


def box(a):
    r = raw(a)
    dx, dy = OFFSET.get(id_of(a), (0, 0))
    return (r[0] + dx + ORIGIN[0], r[1] + dy + ORIGIN[1], r[2], r[3])


def id_of(a):
    return a.path


def walk(a, depth, out, maxd, seen, parent=None):
    if depth > maxd or seen[0] > MAX_NODES:
        return
    seen[0] += 1
    try:
        a.get_role_name()
    except Exception:  # gone meanwhile
        return
    OFFSET[id_of(a)] = offset_for(a, parent, OFFSET.get(id_of(parent), (0, 0)) if parent is not None else (0, 0))
    out.append((depth, a))
    try:
        n = a.get_child_count()
    except Exception:
        return
    if n > 500:  # a sheet's cells: only those showing are useful, the toolkit lists them on demand
        n = 500
    for i in range(n):
        try:
            c = a.get_child_at_index(i)
        except Exception:
            continue
        if c is not None and (showing(c) or c.get_role_name() in ('menu', 'menu item')):
            walk(c, depth + 1, out, maxd, seen, a)


def apps(filt):
    d = Atspi.get_desktop(0)
    for i in range(d.get_child_count()):
        try:
            a = d.get_child_at_index(i)
            name = a.get_name() if a is not None else None
        except Exception:  # an application that just quit
            continue
        if a is not None and (filt is None or filt in (name or '')):
            yield a


def main():
    args = sys.argv[1:]
    global ORIGIN
    filt = None
    while args and args[0] in ('--app', '--origin'):
        if args[0] == '--app':
            filt = args[1]
            args = args[2:]
        else:
            ORIGIN = (int(args[1]), int(args[2]))
            args = args[3:]
    cmd = args[0]
    if cmd == 'find':
        role, name = args[1], args[2]
        for a in apps(filt):
            out = []
            walk(a, 0, out, 40, [0])
            for _, n in out:
                try:
                    if n.get_role_name() == role and (name == '*' or n.get_name() == name) and showing(n):
                        print('%d %d %d %d' % box(n))
                        return 0
                except Exception:
                    continue
        return 1
    if cmd == 'focused':
        for a in apps(filt):
            out = []
            walk(a, 0, out, 40, [0])
            for _, n in out:
                try:
                    if n.get_state_set().contains(Atspi.StateType.FOCUSED):
                        print('%s\t%s\t%d %d %d %d' % ((n.get_role_name(), n.get_name()) + box(n)))
                        return 0
                except Exception:
                    continue
        return 1
    if cmd == 'selected':  # the menu entry the keyboard is on: selected, in a popup (not a menu bar's title)
        for a in apps(filt):
            out = []
            walk(a, 0, out, 40, [0])
            for _, n in out:
                try:
                    if n.get_role_name() not in ('menu item', 'check menu item', 'radio menu item', 'menu'):
                        continue
                    p = n.get_parent()
                    if p is None or p.get_role_name() == 'menu bar':
                        continue
                    if n.get_state_set().contains(Atspi.StateType.SELECTED) and box(n)[2] > 0:
                        print('%s\t%s' % (n.get_role_name(), n.get_name()))
                        return 0
                except Exception:
                    continue
        return 1
    if cmd == 'dump':
        maxd = int(args[1]) if len(args) > 1 else 12
        for a in apps(filt):
            out = []
            walk(a, 0, out, maxd, [0])
            for depth, n in out:
              try:
                print('  ' * depth + '%s %r %s %s' % (n.get_role_name(), n.get_name(), box(n),
                      ','.join(s.value_nick for s in n.get_state_set().get_states()
                               if s.value_nick in ('focused', 'checked', 'selected', 'expanded', 'editable', 'active'))))
              except Exception:
                continue
        return 0
    print('unknown command ' + cmd, file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main())
