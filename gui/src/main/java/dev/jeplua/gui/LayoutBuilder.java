package dev.jeplua.gui;

import dev.jeplua.gui.model.UiElement;
import dev.jeplua.gui.model.UiLayout;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.swing.BorderFactory;
import javax.swing.ButtonGroup;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JPanel;
import javax.swing.Scrollable;
import javax.swing.SwingConstants;

/**
 * Builds the Swing content of a {@link UiLayout}: elements stacked top to bottom (a
 * {@code frame} with {@code layout="horizontal"} puts its children side by side), each row
 * filling the width, {@code padding} pixels around, 8 pixels between rows. EDT only (headless
 * is fine: no window is created here).
 */
final class LayoutBuilder {
    /** Space between rows, in pixels. */
    static final int GAP = 8;

    /** The built content: the panel and every element's view by id. */
    record Built(JPanel panel, Map<String, ElementView> views) {}

    private final EventSink sink;
    private final Map<String, ElementView> views = new LinkedHashMap<>();
    private final Map<String, ButtonGroup> radioGroups = new HashMap<>();

    private LayoutBuilder(EventSink sink) {
        this.sink = sink;
    }

    /** Builds {@code layout}; user actions go to {@code sink}. */
    static Built build(UiLayout layout, EventSink sink) {
        LayoutBuilder b = new LayoutBuilder(sink);
        JPanel panel = new ScrollablePanel();
        b.fill(panel, layout.elements(), false);
        int p = layout.padding();
        panel.setBorder(BorderFactory.createEmptyBorder(p, p, p, p));
        return new Built(panel, b.views);
    }

    /** The first button with {@code style={primary=true}}, to become the window's default button. */
    static Optional<JButton> defaultButton(Built built) {
        for (ElementView v : built.views().values()) {
            if (v.element.bool("primary", false) && v.control() instanceof JButton b) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /** Adds the views of {@code elements} to {@code panel}, vertically or side by side. */
    void fill(JPanel panel, List<UiElement> elements, boolean horizontal) {
        panel.setLayout(new GridBagLayout());
        int i = 0;
        for (UiElement e : elements) {
            ElementView view = ElementViews.create(e, this);
            views.put(e.id(), view);
            view.applyCommon();
            GridBagConstraints c = new GridBagConstraints();
            c.gridx = horizontal ? i : 0;
            c.gridy = horizontal ? 0 : i;
            c.weightx = 1;
            c.fill = GridBagConstraints.HORIZONTAL;
            c.anchor = GridBagConstraints.NORTHWEST;
            c.insets = horizontal ? new Insets(0, i == 0 ? 0 : GAP, 0, 0) : new Insets(i == 0 ? 0 : GAP, 0, 0, 0);
            panel.add(view.row(), c);
            i++;
        }
        // a filler takes the spare height so rows stay at the top
        GridBagConstraints filler = new GridBagConstraints();
        filler.gridx = horizontal ? i : 0;
        filler.gridy = horizontal ? 0 : i;
        filler.weighty = 1;
        filler.weightx = horizontal ? 0.0001 : 0;
        panel.add(
                new JPanel() {
                    {
                        setOpaque(false);
                    }
                },
                filler);
    }

    /** The button group of a radio group name (created on first use). */
    ButtonGroup radioGroup(String name) {
        return radioGroups.computeIfAbsent(name == null ? "" : name, k -> new ButtonGroup());
    }

    /** The window's event sink. */
    EventSink sink() {
        return sink;
    }

    /** Registers a view built inside another (the buttons of a button row). */
    void register(ElementView view) {
        views.put(view.element.id(), view);
        view.applyCommon();
    }

    /** A panel that tracks the viewport width, so rows wrap to the window instead of scrolling sideways. */
    static final class ScrollablePanel extends JPanel implements Scrollable {
        private static final long serialVersionUID = 1L;

        @Override
        public java.awt.Dimension getPreferredScrollableViewportSize() {
            return getPreferredSize();
        }

        @Override
        public int getScrollableUnitIncrement(java.awt.Rectangle r, int orientation, int direction) {
            return 16;
        }

        @Override
        public int getScrollableBlockIncrement(java.awt.Rectangle r, int orientation, int direction) {
            return orientation == SwingConstants.VERTICAL ? r.height : r.width;
        }

        @Override
        public boolean getScrollableTracksViewportWidth() {
            return true;
        }

        @Override
        public boolean getScrollableTracksViewportHeight() {
            return getParent() != null && getParent().getHeight() > getPreferredSize().height;
        }
    }

    /** A plain transparent panel for nested content. */
    static JPanel panel() {
        JPanel p = new JPanel();
        p.setOpaque(false);
        return p;
    }

    static JComponent left(JComponent c) {
        JPanel p = new JPanel(new java.awt.FlowLayout(java.awt.FlowLayout.LEFT, 0, 0));
        p.setOpaque(false);
        p.add(c);
        return p;
    }
}
