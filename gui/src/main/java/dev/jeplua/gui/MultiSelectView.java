package dev.jeplua.gui;

import dev.jeplua.gui.model.GuiEvent.Kind;
import dev.jeplua.gui.model.UiElement;
import java.util.ArrayList;
import java.util.List;
import javax.swing.DefaultListModel;
import javax.swing.DefaultListSelectionModel;
import javax.swing.JList;
import javax.swing.JScrollPane;
import javax.swing.ListSelectionModel;

/**
 * A {@code multiselect} or {@code listbox}: a JList of the {@code options} ({@code height} rows
 * visible) where a click toggles an item; sends change (array of the selected strings).
 */
final class MultiSelectView extends ElementView {
    /** Multi-selection where a click toggles one item (no Ctrl needed). */
    static final class ToggleSelectionModel extends DefaultListSelectionModel {
        private static final long serialVersionUID = 1L;

        ToggleSelectionModel() {
            setSelectionMode(ListSelectionModel.MULTIPLE_INTERVAL_SELECTION);
        }

        @Override
        public void setSelectionInterval(int index0, int index1) {
            if (index0 == index1 && isSelectedIndex(index0)) {
                removeSelectionInterval(index0, index1);
            } else {
                addSelectionInterval(index0, index1);
            }
        }
    }

    private final DefaultListModel<String> model = new DefaultListModel<>();
    private final JList<String> list = new JList<>(model);

    MultiSelectView(UiElement e, EventSink sink) {
        super(e, sink);
        list.setSelectionModel(new ToggleSelectionModel());
        list.setVisibleRowCount(Math.max(1, (int) e.number("height", 4)));
        applying = true;
        setProperty("options", e.get("options"));
        setProperty("value", e.get("value"));
        applying = false;
        list.addListSelectionListener(ev -> {
            if (!applying && !ev.getValueIsAdjusting()) {
                sink.event(e.id(), Kind.CHANGE, List.copyOf(list.getSelectedValuesList()));
            }
        });
        place(captioned(caption(e), new JScrollPane(list), null), list);
    }

    @Override
    void setProperty(String property, Object value) {
        switch (property) {
            case "options" -> {
                List<String> keep = list.getSelectedValuesList();
                model.clear();
                strings(value).forEach(model::addElement);
                select(keep);
            }
            case "value" -> select(strings(value));
            default -> {}
        }
    }

    private void select(List<String> values) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < model.size(); i++) {
            if (values.contains(model.get(i))) {
                idx.add(i);
            }
        }
        list.setSelectedIndices(idx.stream().mapToInt(Integer::intValue).toArray());
    }
}
