package dev.jeplua.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.gui.model.ElementType;
import dev.jeplua.gui.model.GuiEvent;
import dev.jeplua.gui.model.UiElement;
import dev.jeplua.gui.model.UiLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.swing.JButton;
import javax.swing.JToggleButton;
import javax.swing.SwingUtilities;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The views of EPLua's {@code toggle_button} and {@code dropdown_multiselect} types, without a
 * display (headless AWT). Everything runs on the EDT.
 */
@Timeout(30)
class EpluaViewsTest {
    record Event(String elementId, GuiEvent.Kind kind, Object value) {}

    private final List<Event> events = new ArrayList<>();
    private final EventSink sink = (id, kind, value) -> events.add(new Event(id, kind, value));

    @BeforeAll
    static void headless() throws Exception {
        System.setProperty("java.awt.headless", "true");
        SwingUtilities.invokeAndWait(() -> SwingWindowService.installLookAndFeel("light"));
    }

    private static UiElement el(String id, ElementType type, Object... kv) {
        Map<String, Object> props = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            props.put((String) kv[i], kv[i + 1]);
        }
        return new UiElement(id, type, props, List.of());
    }

    private LayoutBuilder.Built build() throws Exception {
        LayoutBuilder.Built[] built = new LayoutBuilder.Built[1];
        UiLayout layout = new UiLayout(
                List.of(
                        el("lamp", ElementType.TOGGLE_BUTTON, "text", "Lamp", "value", true),
                        el(
                                "rooms",
                                ElementType.DROPDOWN_MULTISELECT,
                                "text",
                                "Rooms",
                                "options",
                                List.of("hall", "den", "loft"),
                                "value",
                                List.of("loft"))),
                12);
        SwingUtilities.invokeAndWait(() -> built[0] = LayoutBuilder.build(layout, sink));
        return built[0];
    }

    @Test
    void toggle_button_is_a_pressed_toggle_button_that_sends_its_new_state() throws Exception {
        LayoutBuilder.Built b = build();
        JToggleButton lamp = (JToggleButton) b.views().get("lamp").control();
        SwingUtilities.invokeAndWait(() -> {
            assertThat(lamp.getText()).isEqualTo("Lamp");
            assertThat(lamp.isSelected()).isTrue();
            lamp.doClick();
            b.views().get("lamp").set("value", true); // an update does not echo
        });
        assertThat(events).containsExactly(new Event("lamp", GuiEvent.Kind.CHANGE, false));
        assertThat(lamp.isSelected()).isTrue();
    }

    @Test
    void dropdown_multiselect_shows_the_selection_and_sends_every_tick_in_option_order() throws Exception {
        LayoutBuilder.Built b = build();
        DropdownMultiSelectView rooms = (DropdownMultiSelectView) b.views().get("rooms");
        JButton button = (JButton) rooms.control();
        SwingUtilities.invokeAndWait(() -> {
            assertThat(button.getText()).startsWith("loft");
            rooms.items().get(0).doClick();
        });
        assertThat(events).containsExactly(new Event("rooms", GuiEvent.Kind.CHANGE, List.of("hall", "loft")));
        SwingUtilities.invokeAndWait(() -> {
            assertThat(button.getText()).startsWith("hall, loft");
            rooms.set("value", List.of());
            rooms.set("options", List.of("attic"));
            assertThat(button.getText()).startsWith(DropdownMultiSelectView.NONE_SELECTED);
        });
        assertThat(events).hasSize(1);
        assertThat(rooms.items()).hasSize(1);
    }
}
