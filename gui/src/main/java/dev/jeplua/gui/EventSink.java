package dev.jeplua.gui;

import dev.jeplua.gui.model.GuiEvent;

/** Where element views report user actions of one window. EDT. */
@FunctionalInterface
interface EventSink {
    /**
     * @param elementId the element
     * @param kind      click or change
     * @param value     the new value (see {@link GuiEvent}), or null
     */
    void event(String elementId, GuiEvent.Kind kind, Object value);
}
