package dev.jeplua.gui.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One element of a {@link UiLayout}: an id, a type and its properties as plain Java values
 * (String, Double, Boolean, {@code List<String>}), plus child elements for {@code frame} and
 * the buttons of a {@code button_row}. Immutable.
 *
 * <p>Property names follow README.md#native-windows: {@code text}, {@code html}, {@code level},
 * {@code primary} (from {@code style={primary=true}}), {@code value} (the element's value in
 * the shape {@link GuiEvent} describes), {@code min}, {@code max}, {@code step},
 * {@code options}, {@code height} (rows or pixels), {@code width}, {@code group},
 * {@code label} (caption of entry/text), {@code placeholder}, {@code layout}
 * ({@code "vertical"}/{@code "horizontal"} for frames), {@code enabled}, {@code visible}.
 */
public record UiElement(String id, ElementType type, Map<String, Object> props, List<UiElement> children) {
    /** Copies the properties (keeping their order) and children. */
    public UiElement {
        props = Collections.unmodifiableMap(new LinkedHashMap<>(props));
        children = List.copyOf(children);
    }

    /** A property, or null. */
    public Object get(String name) {
        return props.get(name);
    }

    /** A string property, or {@code def}. */
    public String string(String name, String def) {
        return props.get(name) instanceof String s ? s : def;
    }

    /** A number property, or {@code def}. */
    public double number(String name, double def) {
        return props.get(name) instanceof Double d ? d : def;
    }

    /** A boolean property, or {@code def}. */
    public boolean bool(String name, boolean def) {
        return props.get(name) instanceof Boolean b ? b : def;
    }

    /** A string-list property, or an empty list. */
    @SuppressWarnings("unchecked")
    public List<String> strings(String name) {
        return props.get(name) instanceof List<?> l ? (List<String>) l : List.of();
    }
}
