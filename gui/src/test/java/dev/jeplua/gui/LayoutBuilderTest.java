package dev.jeplua.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.gui.model.ElementType;
import dev.jeplua.gui.model.GuiEvent;
import dev.jeplua.gui.model.UiElement;
import dev.jeplua.gui.model.UiLayout;
import java.awt.Component;
import java.awt.Container;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.swing.AbstractButton;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JProgressBar;
import javax.swing.JRadioButton;
import javax.swing.JSlider;
import javax.swing.JTextField;
import javax.swing.SwingUtilities;
import javax.swing.UIManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Swing builders without a display (headless AWT: components, no frames): every element
 * type becomes its component, user actions become events, updates change components without
 * echoing events. Everything runs on the EDT.
 */
@Timeout(30)
class LayoutBuilderTest {
    record Event(String elementId, GuiEvent.Kind kind, Object value) {}

    private final List<Event> events = new ArrayList<>();
    private final EventSink sink = (id, kind, value) -> events.add(new Event(id, kind, value));

    @BeforeAll
    static void headlessLookAndFeel() throws Exception {
        System.setProperty("java.awt.headless", "true");
        SwingUtilities.invokeAndWait(() -> SwingWindowService.installLookAndFeel("light"));
    }

    private static UiElement el(String id, ElementType type, Object... kv) {
        return el(id, type, List.of(), kv);
    }

    private static UiElement el(String id, ElementType type, List<UiElement> children, Object... kv) {
        Map<String, Object> props = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            props.put((String) kv[i], kv[i + 1]);
        }
        return new UiElement(id, type, props, children);
    }

    private static UiLayout everyType() {
        return new UiLayout(
                List.of(
                        el("h", ElementType.HEADER, "text", "Title", "level", 2.0),
                        el("l", ElementType.LABEL, "text", "<b>bold</b>", "html", true),
                        el("plain", ElementType.LABEL, "text", "<b>not html</b>"),
                        el("b", ElementType.BUTTON, "text", "Go", "primary", true, "width", 150.0),
                        el("sw", ElementType.SWITCH, "text", "Power", "value", true),
                        el("sl", ElementType.SLIDER, "text", "Volume", "min", 0.0, "max", 10.0, "value", 3.0),
                        el("dd", ElementType.DROPDOWN, "options", List.of("a", "b"), "value", "a"),
                        el("ms", ElementType.MULTISELECT, "options", List.of("x", "y", "z"), "value", List.of("y")),
                        el("sep", ElementType.SEPARATOR),
                        el(
                                "row",
                                ElementType.BUTTON_ROW,
                                List.of(
                                        el("ok", ElementType.BUTTON, "text", "OK"),
                                        el("cancel", ElementType.BUTTON, "text", "Cancel"))),
                        el(
                                "fr",
                                ElementType.FRAME,
                                List.of(
                                        el("en", ElementType.ENTRY, "value", "", "placeholder", "name"),
                                        el("tx", ElementType.TEXT, "value", "notes"),
                                        el("cb", ElementType.CHECKBOX, "text", "Check", "value", false),
                                        el("r1", ElementType.RADIO, "text", "A", "group", "g", "value", true),
                                        el("r2", ElementType.RADIO, "text", "B", "group", "g", "value", false),
                                        el(
                                                "co",
                                                ElementType.COMBOBOX,
                                                "options",
                                                List.of("red", "green"),
                                                "value",
                                                "red"),
                                        el(
                                                "lb",
                                                ElementType.LISTBOX,
                                                "options",
                                                List.of("one", "two"),
                                                "value",
                                                List.of()),
                                        el("sc", ElementType.SCALE, "min", -5.0, "max", 5.0, "value", 0.0),
                                        el("pb", ElementType.PROGRESSBAR, "min", 0.0, "max", 100.0, "value", 40.0)),
                                "text",
                                "Group",
                                "layout",
                                "vertical")),
                12);
    }

    private LayoutBuilder.Built build() throws Exception {
        LayoutBuilder.Built[] built = new LayoutBuilder.Built[1];
        SwingUtilities.invokeAndWait(() -> built[0] = LayoutBuilder.build(everyType(), sink));
        return built[0];
    }

    private static void edt(Runnable r) throws Exception {
        SwingUtilities.invokeAndWait(r);
    }

    @Test
    void flatlaf_is_the_look_and_feel() {
        assertThat(UIManager.getLookAndFeel().getName()).startsWith("FlatLaf");
    }

    @Test
    void every_element_type_gets_a_component_registered_by_id() throws Exception {
        LayoutBuilder.Built b = build();
        assertThat(b.views().keySet())
                .containsExactlyInAnyOrder(
                        "h", "l", "plain", "b", "sw", "sl", "dd", "ms", "sep", "row", "ok", "cancel", "fr", "en", "tx",
                        "cb", "r1", "r2", "co", "lb", "sc", "pb");
        assertThat(b.views().get("sl").control()).isInstanceOf(JSlider.class);
        assertThat(b.views().get("dd").control()).isInstanceOf(JComboBox.class);
        assertThat(b.views().get("ms").control()).isInstanceOf(JList.class);
        assertThat(b.views().get("en").control()).isInstanceOf(JTextField.class);
        assertThat(b.views().get("r1").control()).isInstanceOf(JRadioButton.class);
        assertThat(b.views().get("pb").control()).isInstanceOf(JProgressBar.class);
        assertThat(b.views().get("b").control().getPreferredSize().width).isEqualTo(150);
        assertThat(LayoutBuilder.defaultButton(b))
                .containsSame((JButton) b.views().get("b").control());
        assertThat(count(b.panel(), JSlider.class)).isEqualTo(2);
        assertThat(b.panel().getPreferredSize().height).isGreaterThan(400);
    }

    @Test
    void html_labels_render_html_and_plain_labels_do_not() throws Exception {
        LayoutBuilder.Built b = build();
        JLabel html = (JLabel) b.views().get("l").control();
        JLabel plain = (JLabel) b.views().get("plain").control();
        assertThat(html.getText()).isEqualTo("<html><b>bold</b></html>");
        assertThat(html.getClientProperty("html")).isNotNull();
        assertThat(plain.getClientProperty("html")).isNull();
    }

    @Test
    void user_actions_become_click_and_change_events_with_typed_values() throws Exception {
        LayoutBuilder.Built b = build();
        edt(() -> {
            ((JButton) b.views().get("ok").control()).doClick();
            ((JSlider) b.views().get("sl").control()).setValue(7);
            ((JComboBox<?>) b.views().get("dd").control()).setSelectedItem("b");
            ((JList<?>) b.views().get("ms").control()).setSelectionInterval(0, 0);
            ((AbstractButton) b.views().get("sw").control()).doClick();
            ((JRadioButton) b.views().get("r2").control()).doClick();
            ((JTextField) b.views().get("en").control()).setText("Ann");
        });
        assertThat(events)
                .contains(
                        new Event("ok", GuiEvent.Kind.CLICK, null),
                        new Event("sl", GuiEvent.Kind.CHANGE, 7.0),
                        new Event("dd", GuiEvent.Kind.CHANGE, "b"),
                        new Event("ms", GuiEvent.Kind.CHANGE, List.of("x", "y")),
                        new Event("sw", GuiEvent.Kind.CHANGE, false),
                        new Event("r2", GuiEvent.Kind.CHANGE, true),
                        new Event("en", GuiEvent.Kind.CHANGE, "Ann"));
        assertThat(events).doesNotContain(new Event("r1", GuiEvent.Kind.CHANGE, false));
    }

    @Test
    void a_click_on_a_selected_multiselect_item_deselects_it() throws Exception {
        LayoutBuilder.Built b = build();
        edt(() -> ((JList<?>) b.views().get("ms").control()).setSelectionInterval(1, 1));
        assertThat(events).containsExactly(new Event("ms", GuiEvent.Kind.CHANGE, List.of()));
    }

    @Test
    void property_updates_change_components_without_echoing_events() throws Exception {
        LayoutBuilder.Built b = build();
        edt(() -> {
            b.views().get("sl").set("value", 9.0);
            b.views().get("dd").set("options", List.of("p", "q"));
            b.views().get("dd").set("value", "q");
            b.views().get("ms").set("value", List.of("x", "z"));
            b.views().get("en").set("value", "typed");
            b.views().get("l").set("text", "<i>new</i>");
            b.views().get("b").set("enabled", false);
            b.views().get("cb").set("visible", false);
            b.views().get("r2").set("value", true);
            b.views().get("pb").set("value", 80.0);
        });
        assertThat(events).isEmpty();
        assertThat(((JSlider) b.views().get("sl").control()).getValue()).isEqualTo(9);
        assertThat(((JComboBox<?>) b.views().get("dd").control()).getSelectedItem())
                .isEqualTo("q");
        assertThat(List.<Object>copyOf(((JList<?>) b.views().get("ms").control()).getSelectedValuesList()))
                .containsExactly("x", "z");
        assertThat(((JTextField) b.views().get("en").control()).getText()).isEqualTo("typed");
        assertThat(((JLabel) b.views().get("l").control()).getText()).isEqualTo("<html><i>new</i></html>");
        assertThat(b.views().get("b").control().isEnabled()).isFalse();
        assertThat(b.views().get("cb").row().isVisible()).isFalse();
        assertThat(((JRadioButton) b.views().get("r1").control()).isSelected()).isFalse();
        assertThat(((JProgressBar) b.views().get("pb").control()).getValue()).isEqualTo(80);
    }

    private static int count(Container c, Class<?> type) {
        int n = 0;
        for (Component child : c.getComponents()) {
            if (type.isInstance(child)) {
                n++;
            }
            if (child instanceof Container cc) {
                n += count(cc, type);
            }
        }
        return n;
    }
}
