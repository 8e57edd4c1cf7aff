package dev.jeplua.gui;

import dev.jeplua.gui.model.UiElement;
import java.util.List;
import javax.swing.JComponent;

/**
 * The Swing side of one element: the component placed in the layout ({@link #row}, which may
 * wrap a caption and the control) and how property updates change it. EDT only.
 *
 * <p>User actions are reported through the window's {@link EventSink}; changes made by
 * {@link #set} run with {@link #applying} true so listeners do not echo them back as events.
 */
abstract class ElementView {
    final UiElement element;
    final EventSink sink;
    boolean applying;

    ElementView(UiElement element, EventSink sink) {
        this.element = element;
        this.sink = sink;
    }

    /** The component added to the container. */
    abstract JComponent row();

    /** The component that takes input (enabled/disabled). */
    abstract JComponent control();

    /** Applies {@code text}, {@code value}, {@code options}, {@code min}, {@code max} (type-specific). */
    abstract void setProperty(String property, Object value);

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
}
