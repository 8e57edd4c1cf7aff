package dev.jeplua.gui;

import dev.jeplua.gui.model.GuiEvent.Kind;
import dev.jeplua.gui.model.UiElement;
import java.util.ArrayList;
import java.util.List;
import javax.swing.JButton;
import javax.swing.JCheckBoxMenuItem;
import javax.swing.JPopupMenu;

/**
 * A {@code dropdown_multiselect}: a button showing the selected options (or "None") that opens
 * a list of check boxes, one per option; the list stays open while the user ticks several.
 * Sends change (array of the selected strings, in option order) on every tick.
 */
final class DropdownMultiSelectView extends ElementView {
    /** What the button shows when nothing is selected. */
    static final String NONE_SELECTED = "None";

    private final JButton button = new JButton();
    private final JPopupMenu popup = new JPopupMenu();
    private final List<JCheckBoxMenuItem> items = new ArrayList<>();

    DropdownMultiSelectView(UiElement e, EventSink sink) {
        super(e, sink);
        button.putClientProperty("html.disable", Boolean.TRUE);
        button.setHorizontalAlignment(JButton.LEADING);
        button.addActionListener(a -> popup.show(button, 0, button.getHeight()));
        applying = true;
        setProperty("options", e.get("options"));
        setProperty("value", e.get("value"));
        applying = false;
        place(captioned(caption(e), button, null), button);
    }

    @Override
    void setProperty(String property, Object value) {
        switch (property) {
            case "options" -> {
                List<String> keep = selected();
                popup.removeAll();
                items.clear();
                for (String option : strings(value)) {
                    JCheckBoxMenuItem item = new JCheckBoxMenuItem(option, keep.contains(option));
                    item.putClientProperty("html.disable", Boolean.TRUE);
                    item.putClientProperty("CheckBoxMenuItem.doNotCloseOnMouseClick", Boolean.TRUE);
                    item.addItemListener(ev -> changed());
                    items.add(item);
                    popup.add(item);
                }
                refreshText();
            }
            case "value" -> {
                List<String> values = strings(value);
                for (JCheckBoxMenuItem item : items) {
                    item.setSelected(values.contains(item.getText()));
                }
                refreshText();
            }
            default -> {}
        }
    }

    private void changed() {
        refreshText();
        if (!applying) {
            sink.event(element.id(), Kind.CHANGE, selected());
        }
    }

    /** The selected options, in option order. */
    List<String> selected() {
        List<String> out = new ArrayList<>();
        for (JCheckBoxMenuItem item : items) {
            if (item.isSelected()) {
                out.add(item.getText());
            }
        }
        return List.copyOf(out);
    }

    private void refreshText() {
        List<String> s = selected();
        button.setText((s.isEmpty() ? NONE_SELECTED : String.join(", ", s)) + "  \u25BE");
    }

    /** The menu items (for tests). */
    List<JCheckBoxMenuItem> items() {
        return items;
    }
}
