package dev.jeplua.gui.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The element types of README.md#native-windows — flat ({@code label}, {@code button}, {@code switch},
 * {@code slider}, {@code dropdown}, {@code multiselect}, {@code header}, {@code separator},
 * {@code button_row}, {@code toggle_button}, {@code dropdown_multiselect}) and hierarchical ({@code frame}, {@code entry}, {@code text},
 * {@code checkbox}, {@code radio}, {@code combobox}, {@code listbox}, {@code scale},
 * {@code progressbar}) — with the fields each accepts and the kind of value it holds. Either
 * layout may use any type.
 */
public enum ElementType {
    /** Text; {@code html=true} renders HTML. */
    LABEL(ValueKind.TEXT, "text:s html:b"),
    /** Bold heading, {@code level} 1–3. */
    HEADER(ValueKind.TEXT, "text:s level:n"),
    /** Push button; {@code action}/{@code callback} name or function; {@code style={primary=true}}. */
    BUTTON(ValueKind.TEXT, "text:s action:h callback:h style:t"),
    /** On/off switch. */
    SWITCH(ValueKind.BOOLEAN, "text:s value:b callback:h"),
    /** Check box. */
    CHECKBOX(ValueKind.BOOLEAN, "text:s value:b callback:h"),
    /** Radio button; radios with the same {@code group} exclude each other. */
    RADIO(ValueKind.BOOLEAN, "text:s value:b group:s callback:h"),
    /** A button that stays pressed (on) or released (off); {@code action}/{@code callback} as a button's. */
    TOGGLE_BUTTON(ValueKind.BOOLEAN, "text:s value:b action:h callback:h style:t"),
    /** Horizontal slider over whole numbers {@code min..max}. */
    SLIDER(ValueKind.NUMBER, "text:s min:n max:n value:n step:n callback:h"),
    /** Tk-style name of a slider. */
    SCALE(ValueKind.NUMBER, "text:s label:s min:n max:n value:n step:n callback:h"),
    /** Progress bar {@code min..max}. */
    PROGRESSBAR(ValueKind.NUMBER, "text:s min:n max:n value:n"),
    /** Single choice from {@code options}. */
    DROPDOWN(ValueKind.STRING, "text:s options:l value:s callback:h"),
    /** Tk-style name of a dropdown. */
    COMBOBOX(ValueKind.STRING, "text:s label:s options:l value:s callback:h"),
    /** Several choices from {@code options}; {@code height} in rows. */
    MULTISELECT(ValueKind.STRINGS, "text:s options:l values:l value:l height:n callback:h"),
    /** Tk-style name of a multiselect. */
    LISTBOX(ValueKind.STRINGS, "text:s label:s options:l values:l value:l height:n callback:h"),
    /** Several choices from {@code options}, picked from a drop-down list of check boxes. */
    DROPDOWN_MULTISELECT(ValueKind.STRINGS, "text:s label:s options:l values:l value:l callback:h"),
    /** One-line text input; {@code value} (or {@code text}) is its content, {@code label} a caption. */
    ENTRY(ValueKind.STRING, "label:s text:s value:s placeholder:s callback:h"),
    /** Multi-line text input; {@code height} in rows. */
    TEXT(ValueKind.STRING, "label:s text:s value:s height:n callback:h"),
    /** Horizontal rule. */
    SEPARATOR(ValueKind.NONE, ""),
    /** A row of buttons: {@code buttons={{text, action, id}, ...}}. */
    BUTTON_ROW(ValueKind.NONE, "buttons:e"),
    /** Container: {@code children}, {@code layout="vertical"|"horizontal"}, {@code text} as title. */
    FRAME(ValueKind.NONE, "text:s children:e layout:s padding:n");

    /** What {@code getElementValue} returns for an element of a type. */
    public enum ValueKind {
        /** Its {@code text} (String). */
        TEXT,
        /** Boolean. */
        BOOLEAN,
        /** Number (Double). */
        NUMBER,
        /** String. */
        STRING,
        /** {@code List<String>}. */
        STRINGS,
        /** No value (nil). */
        NONE
    }

    /** Kinds of field value, for validation. */
    public enum FieldKind {
        /** A string (numbers are converted, as in Lua). */
        STRING("a string"),
        /** A number (a numeric string is an error). */
        NUMBER("a number"),
        /** A boolean. */
        BOOLEAN("a boolean"),
        /** An array of strings. */
        STRINGS("an array of strings"),
        /** A callback name (string) or a function. */
        HANDLER("a string or a function"),
        /** A table. */
        TABLE("a table"),
        /** An array of element tables. */
        ELEMENTS("an array of element tables");

        private final String description;

        FieldKind(String description) {
            this.description = description;
        }

        /** How an error message names it ("a number"). */
        public String description() {
            return description;
        }
    }

    private static final String COMMON = "id:s type:s enabled:b visible:b width:n tooltip:s";

    private final ValueKind valueKind;
    private final Map<String, FieldKind> fields;

    ElementType(ValueKind valueKind, String spec) {
        this.valueKind = valueKind;
        Map<String, FieldKind> m = new LinkedHashMap<>();
        for (String f : (COMMON + " " + spec).trim().split("\\s+")) {
            String[] p = f.split(":");
            m.put(
                    p[0],
                    switch (p[1]) {
                        case "s" -> FieldKind.STRING;
                        case "n" -> FieldKind.NUMBER;
                        case "b" -> FieldKind.BOOLEAN;
                        case "l" -> FieldKind.STRINGS;
                        case "h" -> FieldKind.HANDLER;
                        case "t" -> FieldKind.TABLE;
                        case "e" -> FieldKind.ELEMENTS;
                        default -> throw new IllegalArgumentException(f);
                    });
        }
        this.fields = Collections.unmodifiableMap(m);
    }

    /** The name scripts use ({@code "button_row"}). */
    public String luaName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What the element's value is. */
    public ValueKind valueKind() {
        return valueKind;
    }

    /** The fields it accepts (including the common ones), in declaration order. */
    public Map<String, FieldKind> fields() {
        return fields;
    }

    /** The type named {@code name} ({@code "slider"}, case-insensitively as EPLua), or null. */
    public static ElementType byLuaName(String name) {
        for (ElementType t : values()) {
            if (t.luaName().equalsIgnoreCase(name)) {
                return t;
            }
        }
        return null;
    }

    /** Every type name, comma-separated, for error messages. */
    public static String names() {
        return Arrays.stream(values()).map(ElementType::luaName).collect(Collectors.joining(", "));
    }
}
