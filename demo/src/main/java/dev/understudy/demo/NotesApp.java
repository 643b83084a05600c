package dev.understudy.demo;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Graphics;
import java.awt.GridLayout;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.event.ActionEvent;
import java.awt.event.KeyEvent;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.swing.AbstractAction;
import javax.swing.BorderFactory;
import javax.swing.DefaultListModel;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTextArea;
import javax.swing.JTextField;
import javax.swing.KeyStroke;
import javax.swing.SwingUtilities;
import javax.swing.Timer;

/**
 * "Understudy Notes": a small work app for the demo and the end-to-end tests. It is a real X
 * client: a subject field, a note body, a ticket list that scrolls, a board with a card to drag,
 * and Ctrl+S to save. Once its window shows at a stable place it prints one line
 * {@code ready {"subject":[x,y],...}} with the screen centres of its parts, so a script can drive
 * it with real input.
 */
public final class NotesApp {
    public static final String TITLE = "Understudy Notes";
    /** The name people know the app by, from its desktop entry: what exports say ("Click … in Notes"). */
    public static final String NAME = "Notes";
    /** The class part of its WM_CLASS: Java names a window after its main class, dots as dashes. */
    public static final String WM_CLASS = NotesApp.class.getName().replace('.', '-');
    /** Its desktop file id ({@code understudy-demo-notes.desktop}). */
    public static final String DESKTOP_ID = "understudy-demo-notes";

    /**
     * Its freedesktop.org desktop entry: the name, and the WM_CLASS that ties its windows to it (the
     * process is {@code java}, which names nothing a person would recognise).
     */
    public static String desktopEntry() {
        return "[Desktop Entry]\n"
                + "Type=Application\n"
                + "Name=" + NAME + "\n"
                + "Comment=The Understudy demo's notes app\n"
                + "Exec=java " + NotesApp.class.getName() + "\n"
                + "StartupWMClass=" + WM_CLASS + "\n";
    }

    public static void main(String[] args) {
        int x = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int y = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        SwingUtilities.invokeLater(() -> show(x, y));
    }

    private static void show(int x, int y) {
        JFrame frame = new JFrame(TITLE);
        frame.setDefaultCloseOperation(JFrame.EXIT_ON_CLOSE);
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 15);

        JTextField subject = new JTextField(28);
        subject.setFont(font);
        JTextArea body = new JTextArea(8, 34);
        body.setFont(font);
        body.setLineWrap(true);
        JButton save = new JButton("Save");
        save.setFocusable(false); // Tab goes from the subject straight to the note

        DefaultListModel<String> tickets = new DefaultListModel<>();
        for (int i = 1; i <= 120; i++) tickets.addElement("Ticket #" + (1000 + i) + "  " + (i % 3 == 0 ? "Printer offline" : i % 3 == 1 ? "VPN access" : "New laptop"));
        JList<String> list = new JList<>(tickets);
        list.setFont(font);
        JScrollPane listScroll = new JScrollPane(list);
        listScroll.setPreferredSize(new Dimension(300, 220));

        Board board = new Board();
        board.setPreferredSize(new Dimension(300, 200));

        JPanel top = new JPanel(new BorderLayout(6, 6));
        top.add(new JLabel("Subject"), BorderLayout.WEST);
        top.add(subject, BorderLayout.CENTER);
        top.add(save, BorderLayout.EAST);
        JPanel middle = new JPanel(new GridLayout(1, 2, 8, 8));
        JScrollPane bodyScroll = new JScrollPane(body);
        middle.add(bodyScroll);
        middle.add(listScroll);
        JPanel root = new JPanel(new BorderLayout(8, 8));
        root.setBorder(BorderFactory.createEmptyBorder(8, 8, 8, 8));
        root.add(top, BorderLayout.NORTH);
        root.add(middle, BorderLayout.CENTER);
        root.add(board, BorderLayout.SOUTH);
        frame.setContentPane(root);

        AbstractAction saveAction = new AbstractAction("Save") {
            @Override
            public void actionPerformed(ActionEvent e) {
                frame.setTitle(TITLE + " - saved");
                System.out.println("saved " + subject.getText().length() + " " + body.getText().length());
                System.out.flush();
            }
        };
        save.addActionListener(saveAction);
        root.getInputMap(JComponent.WHEN_IN_FOCUSED_WINDOW).put(KeyStroke.getKeyStroke(KeyEvent.VK_S, KeyEvent.CTRL_DOWN_MASK), "save");
        root.getActionMap().put("save", saveAction);

        frame.pack();
        frame.setLocation(x, y);
        frame.setVisible(true);

        Map<String, Component> parts = new LinkedHashMap<>();
        parts.put("subject", subject);
        parts.put("save", save);
        parts.put("body", body);
        parts.put("list", listScroll);
        parts.put("board", board);
        // Print the layout once the window manager has placed the window and it stopped moving.
        Point[] last = {null};
        int[] stable = {0};
        Timer t = new Timer(50, null);
        t.addActionListener(e -> {
            if (!frame.isShowing()) return;
            Point p = frame.getLocationOnScreen();
            stable[0] = p.equals(last[0]) ? stable[0] + 1 : 0;
            last[0] = p;
            if (stable[0] < 3) return;
            t.stop();
            StringBuilder sb = new StringBuilder("ready {");
            boolean first = true;
            for (Map.Entry<String, Component> en : parts.entrySet()) {
                Component c = en.getValue();
                Point o = c.getLocationOnScreen();
                if (!first) sb.append(',');
                first = false;
                sb.append('"').append(en.getKey()).append("\":[").append(o.x + c.getWidth() / 2).append(',')
                        .append(o.y + c.getHeight() / 2).append(',').append(o.x).append(',').append(o.y).append(',')
                        .append(c.getWidth()).append(',').append(c.getHeight()).append(']');
            }
            Rectangle card = board.cardOnScreen();
            sb.append(",\"card\":[").append(card.x + card.width / 2).append(',').append(card.y + card.height / 2)
                    .append(',').append(card.x).append(',').append(card.y).append(',').append(card.width).append(',')
                    .append(card.height).append("]}");
            System.out.println(sb);
            System.out.flush();
        });
        t.start();
    }

    /** A board with one card that can be dragged with the mouse. */
    static final class Board extends JPanel {
        private final Rectangle card = new Rectangle(20, 60, 90, 50);
        private Point grab;

        Board() {
            setBackground(new Color(0xF4F1E8));
            setBorder(BorderFactory.createTitledBorder("Board"));
            MouseAdapter m = new MouseAdapter() {
                @Override
                public void mousePressed(MouseEvent e) {
                    grab = card.contains(e.getPoint()) ? new Point(e.getX() - card.x, e.getY() - card.y) : null;
                }

                @Override
                public void mouseDragged(MouseEvent e) {
                    if (grab == null) return;
                    card.setLocation(e.getX() - grab.x, e.getY() - grab.y);
                    repaint();
                }

                @Override
                public void mouseReleased(MouseEvent e) {
                    if (grab != null) {
                        System.out.println("card " + card.x + " " + card.y);
                        System.out.flush();
                    }
                    grab = null;
                }
            };
            addMouseListener(m);
            addMouseMotionListener(m);
        }

        Rectangle cardOnScreen() {
            Point o = getLocationOnScreen();
            return new Rectangle(o.x + card.x, o.y + card.y, card.width, card.height);
        }

        @Override
        protected void paintComponent(Graphics g) {
            super.paintComponent(g);
            g.setColor(new Color(0x3B6EA8));
            g.fillRoundRect(card.x, card.y, card.width, card.height, 10, 10);
            g.setColor(Color.WHITE);
            g.drawString("Task card", card.x + 14, card.y + 30);
        }
    }
}
