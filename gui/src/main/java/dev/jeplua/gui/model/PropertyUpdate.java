package dev.jeplua.gui.model;

import java.util.List;

/**
 * One property change for one element, sent to the display thread at the end of a batch.
 *
 * @param elementId the element
 * @param property  {@code text} (String), {@code value} (Boolean / Double / String /
 *                  {@code List<String>}, by element type as in {@link GuiEvent}),
 *                  {@code enabled} / {@code visible} (Boolean), {@code options}
 *                  ({@code List<String>}), {@code min} / {@code max} (Double)
 * @param value     the new value (never null)
 */
public record PropertyUpdate(String elementId, String property, Object value) {
    /** Copies list values so the update is immutable. */
    public PropertyUpdate {
        if (value instanceof List<?> l) {
            value = List.copyOf(l);
        }
    }
}
