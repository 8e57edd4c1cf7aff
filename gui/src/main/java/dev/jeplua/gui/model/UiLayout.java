package dev.jeplua.gui.model;

import java.util.List;

/**
 * A window's content, free of Lua values and of any display class: built by
 * {@link LayoutParser} on the engine thread, read by the display thread.
 *
 * @param elements top-level elements, top to bottom
 * @param padding  space around the content, in pixels
 */
public record UiLayout(List<UiElement> elements, int padding) {
    /** Makes the element list immutable. */
    public UiLayout {
        elements = List.copyOf(elements);
    }
}
