package dev.jeplua.gui.model;

import java.util.List;

/**
 * One user action on a window, as the display thread reports it.
 *
 * @param windowId  the window
 * @param elementId the element, or null for {@link Kind#CLOSE}
 * @param kind      what happened
 * @param value     the element's new value: {@code Boolean} (switch, checkbox, radio),
 *                  {@code Double} (slider, scale), {@code String} (dropdown, combobox, entry,
 *                  text; a button's text for clicks), {@code List<String>} (multiselect,
 *                  listbox), or null
 */
public record GuiEvent(String windowId, String elementId, Kind kind, Object value) {
    /** The kinds of user event. */
    public enum Kind {
        /** A button was pressed. */
        CLICK("click"),
        /** An element's value changed by the user. */
        CHANGE("change"),
        /** The user closed the window. */
        CLOSE("close");

        private final String luaName;

        Kind(String luaName) {
            this.luaName = luaName;
        }

        /** The {@code event_type} Lua sees. */
        public String luaName() {
            return luaName;
        }
    }

    /** A close event for {@code windowId}. */
    public static GuiEvent close(String windowId) {
        return new GuiEvent(windowId, null, Kind.CLOSE, null);
    }

    /** Copies list values so the event is immutable. */
    public GuiEvent {
        if (value instanceof List<?> l) {
            value = List.copyOf(l);
        }
    }
}
