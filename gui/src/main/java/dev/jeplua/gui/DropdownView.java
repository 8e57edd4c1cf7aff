package dev.jeplua.gui;

import dev.jeplua.gui.model.GuiEvent.Kind;
import dev.jeplua.gui.model.UiElement;
import javax.swing.DefaultComboBoxModel;
import javax.swing.JComboBox;

/** A {@code dropdown} or {@code combobox}: a JComboBox of the {@code options}; sends change (string). */
final class DropdownView extends ElementView {
    private final JComboBox<String> combo = new JComboBox<>();

    DropdownView(UiElement e, EventSink sink) {
        super(e, sink);
        applying = true;
        setProperty("options", e.get("options"));
        setProperty("value", e.get("value"));
        applying = false;
        combo.addActionListener(a -> {
            if (!applying && combo.getSelectedItem() != null) {
                sink.event(e.id(), Kind.CHANGE, combo.getSelectedItem().toString());
            }
        });
        place(captioned(caption(e), combo, null), combo);
    }

    @Override
    void setProperty(String property, Object value) {
        switch (property) {
            case "options" -> {
                Object selected = combo.getSelectedItem();
                combo.setModel(new DefaultComboBoxModel<>(strings(value).toArray(new String[0])));
                combo.setSelectedItem(selected != null && strings(value).contains(selected) ? selected : null);
            }
            case "value" -> combo.setSelectedItem(value);
            default -> {}
        }
    }
}
