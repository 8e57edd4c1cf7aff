package dev.jeplua.gui;

import dev.jeplua.gui.model.GuiEvent.Kind;
import dev.jeplua.gui.model.UiElement;
import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.swing.AbstractButton;
import javax.swing.BorderFactory;
import javax.swing.DefaultComboBoxModel;
import javax.swing.DefaultListModel;
import javax.swing.DefaultListSelectionModel;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JProgressBar;
import javax.swing.JRadioButton;
import javax.swing.JScrollPane;
import javax.swing.JSeparator;
import javax.swing.JSlider;
import javax.swing.JTextArea;
import javax.swing.JTextField;
import javax.swing.JToggleButton;
import javax.swing.ListSelectionModel;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;
import javax.swing.text.JTextComponent;

/**
 * One builder per element type (SPEC §3.9): which Swing component shows it, how a user action
 * becomes an event, how a property update changes it. EDT only.
 *
 * <table>
 * <caption>Element types and their components</caption>
 * <tr><th>type</th><th>component</th><th>event</th></tr>
 * <tr><td>label, header</td><td>JLabel (HTML with {@code html=true}; header style h1–h3)</td><td>—</td></tr>
 * <tr><td>button, button_row</td><td>JButton(s)</td><td>click</td></tr>
 * <tr><td>switch</td><td>JToggleButton-style check box</td><td>change (boolean)</td></tr>
 * <tr><td>checkbox, radio</td><td>JCheckBox, JRadioButton in a ButtonGroup per {@code group}</td><td>change (boolean)</td></tr>
 * <tr><td>slider, scale</td><td>JSlider (whole numbers) with a value label</td><td>change (number) when released</td></tr>
 * <tr><td>progressbar</td><td>JProgressBar</td><td>—</td></tr>
 * <tr><td>dropdown, combobox</td><td>JComboBox</td><td>change (string)</td></tr>
 * <tr><td>multiselect, listbox</td><td>JList, a click toggles an item</td><td>change (array of strings)</td></tr>
 * <tr><td>entry, text</td><td>JTextField, JTextArea</td><td>change (string) on every edit</td></tr>
 * <tr><td>separator, frame</td><td>JSeparator, JPanel (titled when {@code text} is set)</td><td>—</td></tr>
 * </table>
 */
final class ElementViews {
    private ElementViews() {
    }

    /** Builds the view of {@code e} (and, for frames and button rows, of its children). */
    static ElementView create(UiElement e, LayoutBuilder b) {
        EventSink sink = b.sink();
        return switch (e.type()) {
            case LABEL -> new LabelView(e, sink, false);
            case HEADER -> new LabelView(e, sink, true);
            case BUTTON -> new ButtonView(e, sink);
            case SWITCH -> new ToggleView(e, sink, new SwitchBox());
            case CHECKBOX -> new ToggleView(e, sink, new JCheckBox());
            case RADIO -> {
                JRadioButton r = new JRadioButton();
                b.radioGroup(e.string("group", "")).add(r);
                yield new ToggleView(e, sink, r);
            }
            case SLIDER, SCALE -> new SliderView(e, sink);
            case PROGRESSBAR -> new ProgressView(e, sink);
            case DROPDOWN, COMBOBOX -> new ChoiceView(e, sink);
            case MULTISELECT, LISTBOX -> new ListView(e, sink);
            case ENTRY -> new TextView(e, sink, new JTextField(20));
            case TEXT -> new TextView(e, sink, new JTextArea(Math.max(1, (int) e.number("height", 4)), 20));
            case SEPARATOR -> new SeparatorView(e, sink);
            case BUTTON_ROW -> new ButtonRowView(e, b);
            case FRAME -> new FrameView(e, b);
        };
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

    static String caption(UiElement e) {
        return e.string("label", e.string("text", null));
    }

    // ---------------------------------------------------------------- label, header

    static final class LabelView extends ElementView {
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
        }

        @Override
        JComponent row() {
            return label;
        }

        @Override
        JComponent control() {
            return label;
        }

        @Override
        void setProperty(String property, Object value) {
            if (property.equals("text")) {
                String t = String.valueOf(value);
                label.setText(html && !t.regionMatches(true, 0, "<html>", 0, 6) ? "<html>" + t + "</html>" : t);
            }
        }
    }

    // ---------------------------------------------------------------- buttons

    static final class ButtonView extends ElementView {
        private final JButton button = new JButton();
        private final JComponent row;

        ButtonView(UiElement e, EventSink sink) {
            super(e, sink);
            button.setText(e.string("text", ""));
            button.putClientProperty("html.disable", Boolean.TRUE);
            button.addActionListener(a -> sink.event(e.id(), Kind.CLICK, null));
            if (e.bool("primary", false)) {
                // FlatLaf's accent colours, so a primary button stands out even without focus
                button.putClientProperty("FlatLaf.style", "background: $Component.focusColor; foreground: #ffffff;"
                        + " borderColor: $Component.focusColor; font: bold");
            }
            row = LayoutBuilder.left(button);
        }

        JButton button() {
            return button;
        }

        @Override
        JComponent row() {
            return row;
        }

        @Override
        JComponent control() {
            return button;
        }

        @Override
        void setProperty(String property, Object value) {
            if (property.equals("text")) {
                button.setText(String.valueOf(value));
            }
        }
    }

    static final class ButtonRowView extends ElementView {
        private final JPanel panel = new JPanel(new FlowLayout(FlowLayout.LEFT, 0, 0));

        ButtonRowView(UiElement e, LayoutBuilder b) {
            super(e, b.sink());
            panel.setOpaque(false);
            int i = 0;
            for (UiElement child : e.children()) {
                ButtonView v = new ButtonView(child, b.sink());
                if (i++ > 0) {
                    v.button().setBorder(BorderFactory.createCompoundBorder(
                            BorderFactory.createEmptyBorder(0, LayoutBuilder.GAP, 0, 0), v.button().getBorder()));
                }
                panel.add(v.button());
                b.register(v);
            }
        }

        @Override
        JComponent row() {
            return panel;
        }

        @Override
        JComponent control() {
            return panel;
        }

        @Override
        void setProperty(String property, Object value) {
            // a row has no value; its buttons are updated by their own ids
        }
    }

    // ---------------------------------------------------------------- switch, checkbox, radio

    /** A check box drawn as an on/off switch by FlatLaf's toggle-button style. */
    static final class SwitchBox extends JToggleButton {
        private static final long serialVersionUID = 1L;

        SwitchBox() {
            putClientProperty("JButton.buttonType", "roundRect");
        }
    }

    static final class ToggleView extends ElementView {
        private final AbstractButton box;
        private final JComponent row;
        private final boolean isSwitch;

        ToggleView(UiElement e, EventSink sink, AbstractButton box) {
            super(e, sink);
            this.box = box;
            this.isSwitch = box instanceof SwitchBox;
            box.putClientProperty("html.disable", Boolean.TRUE);
            setProperty("value", e.get("value"));
            box.addItemListener(ev -> {
                if (applying) {
                    return;
                }
                boolean on = box.isSelected();
                refreshSwitchText();
                if (box instanceof JRadioButton && !on) {
                    return;   // the newly selected radio of the group reports the change
                }
                sink.event(e.id(), Kind.CHANGE, on);
            });
            if (isSwitch) {
                JLabel caption = new JLabel(e.string("text", ""));
                caption.putClientProperty("html.disable", Boolean.TRUE);
                JPanel p = new JPanel(new BorderLayout(LayoutBuilder.GAP, 0));
                p.setOpaque(false);
                p.add(caption, BorderLayout.CENTER);
                p.add(box, BorderLayout.EAST);
                row = p;
            } else {
                box.setText(e.string("text", ""));
                row = LayoutBuilder.left(box);
            }
            refreshSwitchText();
        }

        private void refreshSwitchText() {
            if (isSwitch) {
                box.setText(box.isSelected() ? "On" : "Off");
            }
        }

        @Override
        JComponent row() {
            return row;
        }

        @Override
        JComponent control() {
            return box;
        }

        @Override
        void setProperty(String property, Object value) {
            switch (property) {
                case "value" -> {
                    box.setSelected(Boolean.TRUE.equals(value));
                    refreshSwitchText();
                }
                case "text" -> {
                    if (isSwitch) {
                        ((JLabel) ((JPanel) row).getComponent(0)).setText(String.valueOf(value));
                    } else {
                        box.setText(String.valueOf(value));
                    }
                }
                default -> { }
            }
        }
    }

    // ---------------------------------------------------------------- slider, scale, progressbar

    static final class SliderView extends ElementView {
        private final JSlider slider = new JSlider();
        private final JLabel valueLabel = new JLabel();
        private final JComponent row;
        private final JLabel caption;
        private int lastSent;

        SliderView(UiElement e, EventSink sink) {
            super(e, sink);
            slider.setMinimum(whole(e.get("min")));
            slider.setMaximum(whole(e.get("max")));
            slider.setValue(whole(e.get("value")));
            lastSent = slider.getValue();
            int step = (int) Math.round(e.number("step", 0));
            if (step > 0) {
                slider.setMinorTickSpacing(step);
                slider.setSnapToTicks(true);
            }
            valueLabel.setText(Integer.toString(slider.getValue()));
            valueLabel.setPreferredSize(new Dimension(valueLabel.getFontMetrics(valueLabel.getFont()).stringWidth("-00000") + 4,
                    valueLabel.getPreferredSize().height));
            slider.addChangeListener(ev -> {
                valueLabel.setText(Integer.toString(slider.getValue()));
                if (!applying && !slider.getValueIsAdjusting() && slider.getValue() != lastSent) {
                    lastSent = slider.getValue();
                    sink.event(e.id(), Kind.CHANGE, (double) slider.getValue());
                }
            });
            row = captioned(caption(e), slider, valueLabel);
            caption = row == slider ? null : (JLabel) ((BorderLayout) ((JPanel) row).getLayout()).getLayoutComponent(BorderLayout.NORTH);
        }

        @Override
        JComponent row() {
            return row;
        }

        @Override
        JComponent control() {
            return slider;
        }

        @Override
        void setProperty(String property, Object value) {
            switch (property) {
                case "value" -> {
                    slider.setValue(whole(value));
                    lastSent = slider.getValue();
                }
                case "min" -> slider.setMinimum(whole(value));
                case "max" -> slider.setMaximum(whole(value));
                case "text" -> {
                    if (caption != null) {
                        caption.setText(String.valueOf(value));
                    }
                }
                default -> { }
            }
        }
    }

    static final class ProgressView extends ElementView {
        private final JProgressBar bar = new JProgressBar();
        private final JComponent row;

        ProgressView(UiElement e, EventSink sink) {
            super(e, sink);
            bar.setMinimum(whole(e.get("min")));
            bar.setMaximum(whole(e.get("max")));
            bar.setValue(whole(e.get("value")));
            bar.setStringPainted(true);
            row = captioned(caption(e), bar, null);
        }

        @Override
        JComponent row() {
            return row;
        }

        @Override
        JComponent control() {
            return bar;
        }

        @Override
        void setProperty(String property, Object value) {
            switch (property) {
                case "value" -> bar.setValue(whole(value));
                case "min" -> bar.setMinimum(whole(value));
                case "max" -> bar.setMaximum(whole(value));
                default -> { }
            }
        }
    }

    // ---------------------------------------------------------------- dropdown, multiselect

    static final class ChoiceView extends ElementView {
        private final JComboBox<String> combo = new JComboBox<>();
        private final JComponent row;

        ChoiceView(UiElement e, EventSink sink) {
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
            row = captioned(caption(e), combo, null);
        }

        @Override
        JComponent row() {
            return row;
        }

        @Override
        JComponent control() {
            return combo;
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
                default -> { }
            }
        }
    }

    static final class ListView extends ElementView {
        private final DefaultListModel<String> model = new DefaultListModel<>();
        private final JList<String> list = new JList<>(model);
        private final JComponent row;

        ListView(UiElement e, EventSink sink) {
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
            row = captioned(caption(e), new JScrollPane(list), null);
        }

        @Override
        JComponent row() {
            return row;
        }

        @Override
        JComponent control() {
            return list;
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
                default -> { }
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

    // ---------------------------------------------------------------- entry, text

    static final class TextView extends ElementView {
        private final JTextComponent field;
        private final JComponent row;

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
            row = captioned(e.string("label", null), control, null);
        }

        private void changed() {
            if (!applying) {
                sink.event(element.id(), Kind.CHANGE, field.getText());
            }
        }

        @Override
        JComponent row() {
            return row;
        }

        @Override
        JComponent control() {
            return field;
        }

        @Override
        void setProperty(String property, Object value) {
            if (property.equals("value") && !Objects.equals(field.getText(), value)) {
                field.setText(String.valueOf(value));
            }
        }
    }

    // ---------------------------------------------------------------- separator, frame

    static final class SeparatorView extends ElementView {
        private final JSeparator separator = new JSeparator();

        SeparatorView(UiElement e, EventSink sink) {
            super(e, sink);
        }

        @Override
        JComponent row() {
            return separator;
        }

        @Override
        JComponent control() {
            return separator;
        }

        @Override
        void setProperty(String property, Object value) {
            // a separator has no properties of its own
        }
    }

    static final class FrameView extends ElementView {
        private final JPanel panel = LayoutBuilder.panel();

        FrameView(UiElement e, LayoutBuilder b) {
            super(e, b.sink());
            b.fill(panel, e.children(), "horizontal".equals(e.string("layout", "vertical")));
            int pad = (int) e.number("padding", e.string("text", null) == null ? 0 : 8);
            String title = e.string("text", null);
            panel.setBorder(title == null
                    ? BorderFactory.createEmptyBorder(pad, pad, pad, pad)
                    : BorderFactory.createCompoundBorder(BorderFactory.createTitledBorder(title),
                            BorderFactory.createEmptyBorder(pad, pad, pad, pad)));
        }

        @Override
        JComponent row() {
            return panel;
        }

        @Override
        JComponent control() {
            return panel;
        }

        @Override
        void setProperty(String property, Object value) {
            if (property.equals("text") && panel.getBorder() instanceof javax.swing.border.CompoundBorder cb
                    && cb.getOutsideBorder() instanceof javax.swing.border.TitledBorder tb) {
                tb.setTitle(String.valueOf(value));
                panel.repaint();
            }
        }
    }
}
