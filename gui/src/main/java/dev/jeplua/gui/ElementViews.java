package dev.jeplua.gui;

import dev.jeplua.gui.model.UiElement;
import javax.swing.JCheckBox;
import javax.swing.JRadioButton;
import javax.swing.JTextArea;
import javax.swing.JTextField;
import javax.swing.JToggleButton;

/**
 * Which view shows each element type (README.md#native-windows); each view (an {@link ElementView}) knows which
 * Swing component shows it, how a user action becomes an event and how a property update
 * changes it. EDT only.
 *
 * <table>
 * <caption>Element types and their views</caption>
 * <tr><th>type</th><th>view</th><th>component</th><th>event</th></tr>
 * <tr><td>label, header</td><td>{@link LabelView}</td><td>JLabel (HTML with {@code html=true}; header style h1–h3)</td><td>—</td></tr>
 * <tr><td>button, button_row</td><td>{@link ButtonView}, {@link ButtonRowView}</td><td>JButton(s)</td><td>click</td></tr>
 * <tr><td>switch</td><td>{@link ToggleView}</td><td>JToggleButton-style check box</td><td>change (boolean)</td></tr>
 * <tr><td>toggle_button</td><td>{@link ToggleView}</td><td>JToggleButton (pressed = on)</td><td>change (boolean)</td></tr>
 * <tr><td>checkbox, radio</td><td>{@link ToggleView}</td><td>JCheckBox, JRadioButton in a ButtonGroup per {@code group}</td><td>change (boolean)</td></tr>
 * <tr><td>slider, scale</td><td>{@link SliderView}</td><td>JSlider (whole numbers) with a value label</td><td>change (number) when released</td></tr>
 * <tr><td>progressbar</td><td>{@link ProgressBarView}</td><td>JProgressBar</td><td>—</td></tr>
 * <tr><td>dropdown, combobox</td><td>{@link DropdownView}</td><td>JComboBox</td><td>change (string)</td></tr>
 * <tr><td>multiselect, listbox</td><td>{@link MultiSelectView}</td><td>JList, a click toggles an item</td><td>change (array of strings)</td></tr>
 * <tr><td>dropdown_multiselect</td><td>{@link DropdownMultiSelectView}</td><td>JButton opening a JPopupMenu of check boxes</td><td>change (array of strings)</td></tr>
 * <tr><td>entry, text</td><td>{@link TextView}</td><td>JTextField, JTextArea</td><td>change (string) on every edit</td></tr>
 * <tr><td>separator, frame</td><td>{@link SeparatorView}, {@link FrameView}</td><td>JSeparator, JPanel (titled when {@code text} is set)</td><td>—</td></tr>
 * </table>
 */
final class ElementViews {
    private ElementViews() {}

    /** Builds the view of {@code e} (and, for frames and button rows, of its children). */
    static ElementView create(UiElement e, LayoutBuilder b) {
        EventSink sink = b.sink();
        return switch (e.type()) {
            case LABEL -> new LabelView(e, sink, false);
            case HEADER -> new LabelView(e, sink, true);
            case BUTTON -> new ButtonView(e, sink);
            case SWITCH -> new ToggleView(e, sink, new ToggleView.SwitchBox());
            case CHECKBOX -> new ToggleView(e, sink, new JCheckBox());
            case RADIO -> {
                JRadioButton r = new JRadioButton();
                b.radioGroup(e.string("group", "")).add(r);
                yield new ToggleView(e, sink, r);
            }
            case TOGGLE_BUTTON -> new ToggleView(e, sink, new JToggleButton());
            case SLIDER, SCALE -> new SliderView(e, sink);
            case PROGRESSBAR -> new ProgressBarView(e, sink);
            case DROPDOWN, COMBOBOX -> new DropdownView(e, sink);
            case MULTISELECT, LISTBOX -> new MultiSelectView(e, sink);
            case DROPDOWN_MULTISELECT -> new DropdownMultiSelectView(e, sink);
            case ENTRY -> new TextView(e, sink, new JTextField(20));
            case TEXT -> new TextView(e, sink, new JTextArea(Math.max(1, (int) e.number("height", 4)), 20));
            case SEPARATOR -> new SeparatorView(e, sink);
            case BUTTON_ROW -> new ButtonRowView(e, b);
            case FRAME -> new FrameView(e, b);
        };
    }
}
