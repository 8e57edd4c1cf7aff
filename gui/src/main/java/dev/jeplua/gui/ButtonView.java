package dev.jeplua.gui;

import dev.jeplua.gui.model.GuiEvent.Kind;
import dev.jeplua.gui.model.UiElement;
import javax.swing.JButton;

/** A {@code button} (also each button of a {@link ButtonRowView}): a JButton that sends click. */
final class ButtonView extends ElementView {
    private final JButton button = new JButton();

    ButtonView(UiElement e, EventSink sink) {
        super(e, sink);
        button.setText(e.string("text", ""));
        button.putClientProperty("html.disable", Boolean.TRUE);
        button.addActionListener(a -> sink.event(e.id(), Kind.CLICK, null));
        if (e.bool("primary", false)) {
            // FlatLaf's accent colours, so a primary button stands out even without focus
            button.putClientProperty(
                    "FlatLaf.style",
                    "background: $Component.focusColor; foreground: #ffffff;"
                            + " borderColor: $Component.focusColor; font: bold");
        }
        place(LayoutBuilder.left(button), button);
    }

    JButton button() {
        return button;
    }

    @Override
    void setProperty(String property, Object value) {
        if (property.equals("text")) {
            button.setText(String.valueOf(value));
        }
    }
}
