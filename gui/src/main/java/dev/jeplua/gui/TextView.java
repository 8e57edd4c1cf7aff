package dev.jeplua.gui;

import dev.jeplua.gui.model.GuiEvent.Kind;
import dev.jeplua.gui.model.UiElement;
import java.util.Objects;
import javax.swing.JComponent;
import javax.swing.JScrollPane;
import javax.swing.JTextArea;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;
import javax.swing.text.JTextComponent;

/**
 * An {@code entry} (JTextField) or {@code text} (word-wrapping JTextArea in a scroll pane), with
 * an optional placeholder; sends change (string) on every edit.
 */
final class TextView extends ElementView {
    private final JTextComponent field;

    TextView(UiElement e, EventSink sink, JTextComponent field) {
        super(e, sink);
        this.field = field;
        field.setText(e.string("value", ""));
        String placeholder = e.string("placeholder", null);
        if (placeholder != null) {
            field.putClientProperty("JTextField.placeholderText", placeholder);
        }
        if (field instanceof JTextArea area) {
            area.setLineWrap(true);
            area.setWrapStyleWord(true);
        }
        field.getDocument().addDocumentListener(new DocumentListener() {
            @Override
            public void insertUpdate(DocumentEvent ev) {
                changed();
            }

            @Override
            public void removeUpdate(DocumentEvent ev) {
                changed();
            }

            @Override
            public void changedUpdate(DocumentEvent ev) {
                changed();
            }
        });
        JComponent control = field instanceof JTextArea ? new JScrollPane(field) : field;
        place(captioned(e.string("label", null), control, null), field);
    }

    private void changed() {
        if (!applying) {
            sink.event(element.id(), Kind.CHANGE, field.getText());
        }
    }

    @Override
    void setProperty(String property, Object value) {
        if (property.equals("value") && !Objects.equals(field.getText(), value)) {
            field.setText(String.valueOf(value));
        }
    }
}
