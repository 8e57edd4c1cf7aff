package dev.jeplua.gui;

import dev.jeplua.gui.model.UiElement;
import javax.swing.BorderFactory;
import javax.swing.JPanel;
import javax.swing.border.CompoundBorder;
import javax.swing.border.TitledBorder;

/**
 * A {@code frame}: a panel of its children, vertical or ({@code layout="horizontal"}) side by
 * side, padded, with a titled border when {@code text} is set.
 */
final class FrameView extends ElementView {
    private final JPanel panel = LayoutBuilder.panel();

    FrameView(UiElement e, LayoutBuilder b) {
        super(e, b.sink());
        b.fill(panel, e.children(), "horizontal".equals(e.string("layout", "vertical")));
        int pad = (int) e.number("padding", e.string("text", null) == null ? 0 : 8);
        String title = e.string("text", null);
        panel.setBorder(
                title == null
                        ? BorderFactory.createEmptyBorder(pad, pad, pad, pad)
                        : BorderFactory.createCompoundBorder(
                                BorderFactory.createTitledBorder(title),
                                BorderFactory.createEmptyBorder(pad, pad, pad, pad)));
        place(panel);
    }

    @Override
    void setProperty(String property, Object value) {
        if (property.equals("text")
                && panel.getBorder() instanceof CompoundBorder cb
                && cb.getOutsideBorder() instanceof TitledBorder tb) {
            tb.setTitle(String.valueOf(value));
            panel.repaint();
        }
    }
}
