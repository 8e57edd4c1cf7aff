package dev.jeplua.gui;

import dev.jeplua.gui.model.UiElement;
import java.awt.FlowLayout;
import javax.swing.BorderFactory;
import javax.swing.JPanel;

/**
 * A {@code button_row}: its children's buttons side by side. The row has no value; each button
 * is a {@link ButtonView} registered under its own id, so updates reach it directly.
 */
final class ButtonRowView extends ElementView {
    private final JPanel panel = new JPanel(new FlowLayout(FlowLayout.LEFT, 0, 0));

    ButtonRowView(UiElement e, LayoutBuilder b) {
        super(e, b.sink());
        panel.setOpaque(false);
        int i = 0;
        for (UiElement child : e.children()) {
            ButtonView v = new ButtonView(child, b.sink());
            if (i++ > 0) {
                v.button()
                        .setBorder(BorderFactory.createCompoundBorder(
                                BorderFactory.createEmptyBorder(0, LayoutBuilder.GAP, 0, 0),
                                v.button().getBorder()));
            }
            panel.add(v.button());
            b.register(v);
        }
        place(panel);
    }
}
