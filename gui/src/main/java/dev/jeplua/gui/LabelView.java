package dev.jeplua.gui;

import dev.jeplua.gui.model.UiElement;
import javax.swing.JLabel;

/** A {@code label} or {@code header}: a JLabel (HTML with {@code html=true}; a header in FlatLaf's h1–h3 style). */
final class LabelView extends ElementView {
    private final JLabel label = new JLabel();
    private final boolean html;

    LabelView(UiElement e, EventSink sink, boolean header) {
        super(e, sink);
        html = e.bool("html", false);
        if (!html) {
            label.putClientProperty("html.disable", Boolean.TRUE);
        }
        if (header) {
            label.putClientProperty("FlatLaf.styleClass", "h" + (int) e.number("level", 1));
        }
        setProperty("text", e.string("text", ""));
        place(label);
    }

    @Override
    void setProperty(String property, Object value) {
        if (property.equals("text")) {
            String t = String.valueOf(value);
            label.setText(html && !t.regionMatches(true, 0, "<html>", 0, 6) ? "<html>" + t + "</html>" : t);
        }
    }
}
