package dev.jeplua.gui;

import dev.jeplua.gui.model.UiElement;
import java.awt.BorderLayout;
import java.util.List;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;

/**
 * The Swing side of one element, the base of the views {@link ElementViews#create} builds: the
 * component placed in the layout ({@link #row}, which may wrap a caption and the control), the
 * component that takes input ({@link #control}) and how property updates change it. EDT only.
 *
 * <p>User actions are reported through the window's {@link EventSink}; changes made by
 * {@link #set} run with {@link #applying} true so listeners do not echo them back as events.
 */
abstract class ElementView {
    final UiElement element;
    final EventSink sink;
    boolean applying;
    private JComponent row;
    private JComponent control;

    ElementView(UiElement element, EventSink sink) {
        this.element = element;
        this.sink = sink;
    }

    /** Sets the components {@link #row} and {@link #control} return; each view's constructor calls it once. */
    final void place(JComponent row, JComponent control) {
        this.row = row;
        this.control = control;
    }

    /** Shorthand for {@link #place(JComponent, JComponent)} when one component is both row and control. */
    final void place(JComponent rowAndControl) {
        place(rowAndControl, rowAndControl);
    }

    /** The component added to the container. */
    final JComponent row() {
        return row;
    }

    /** The component that takes input (enabled/disabled). */
    final JComponent control() {
        return control;
    }

    /**
     * Applies {@code text}, {@code value}, {@code options}, {@code min}, {@code max} (type-specific;
     * a view without such properties, as a separator or a button row, keeps this no-op).
     */
    void setProperty(String property, Object value) {}

    /** Applies one property update (canonical names, see {@code PropertyUpdate}). */
    final void set(String property, Object value) {
        applying = true;
        try {
            switch (property) {
                case "enabled" -> control().setEnabled((Boolean) value);
                case "visible" -> row().setVisible((Boolean) value);
                default -> setProperty(property, value);
            }
        } finally {
            applying = false;
        }
    }

    /** Applies the element's common initial properties (enabled, visible, tooltip, width). */
    final void applyCommon() {
        set("enabled", element.bool("enabled", true));
        set("visible", element.bool("visible", true));
        if (element.get("width") instanceof Double w && w >= 1) {
            java.awt.Dimension size = control().getPreferredSize();
            control().setPreferredSize(new java.awt.Dimension((int) Math.round(w), size.height));
        }
        String tip = element.string("tooltip", null);
        if (tip != null) {
            control().setToolTipText(tip);
        }
    }

    @SuppressWarnings("unchecked")
    static List<String> strings(Object o) {
        return o instanceof List<?> l ? (List<String>) l : List.of();
    }

    static int whole(Object o) {
        return o instanceof Double d ? (int) Math.round(d) : 0;
    }

    /** A caption above a control, or the control alone when there is no caption. */
    static JComponent captioned(String caption, JComponent control, JComponent east) {
        if ((caption == null || caption.isEmpty()) && east == null) {
            return control;
        }
        JPanel p = new JPanel(new BorderLayout(8, 4));
        p.setOpaque(false);
        if (caption != null && !caption.isEmpty()) {
            JLabel l = new JLabel(caption);
            l.putClientProperty("html.disable", Boolean.TRUE);
            p.add(l, BorderLayout.NORTH);
        }
        p.add(control, BorderLayout.CENTER);
        if (east != null) {
            p.add(east, BorderLayout.EAST);
        }
        return p;
    }

    /** The caption of a control: its {@code label}, else its {@code text}. */
    static String caption(UiElement e) {
        return e.string("label", e.string("text", null));
    }
}
