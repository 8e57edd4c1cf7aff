package dev.jeplua.gui.model;

import dev.jeplua.gui.model.ElementType.FieldKind;
import dev.jeplua.gui.model.ElementType.ValueKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Turns the {@code ui} argument of {@code _PY.setNativeUI} into a display-free
 * {@link UiLayout}, validating every field (README.md#native-windows). Engine thread only (it reads Lua
 * tables and evaluates bindings).
 *
 * <p>Accepted shapes: flat {@code {elements={...}, padding=n}}; hierarchical
 * {@code {type="frame", children={...}}}; a bare array of elements ({@code = {elements=array}});
 * a single element table. Missing ids become {@code <type>_<n>} (n counts per type from 1, in
 * document order, skipping ids the layout uses). Unknown fields are ignored (EPLua layouts
 * carry extra keys). An element of an unknown type is skipped with a warning naming its type
 * and id (as EPLua does, so one element a version does not know cannot abort the whole
 * layout): {@code setNativeUI: element 'fav' at elements[4]: unknown type 'star_rating',
 * skipped (known: label, header, ...)}. A missing type, a duplicate id or a field of the wrong
 * type raises a Lua error naming the element, e.g. {@code setNativeUI: element 'slider_1'
 * (slider) at elements[3]: field 'min' must be a number, got string}.
 *
 * <p>A bindable property ({@code text}, {@code value}, {@code values}, {@code enabled},
 * {@code visible}, {@code options}, {@code min}, {@code max}) given as a function is a
 * {@link Binding}: it is called once here for the initial value and again after every batch.
 * A {@code action}/{@code callback} given as a function becomes the element's handler.
 */
public final class LayoutParser {
    /** Default space around the content, in pixels. */
    public static final int DEFAULT_PADDING = 12;

    private static final Set<String> BINDABLE =
            Set.of("text", "value", "values", "enabled", "visible", "options", "min", "max");

    /** A bound property: {@code function} is re-evaluated after each batch; its value goes to {@code property}. */
    public record Binding(String elementId, String property, LuaValue function) {}

    /**
     * One element as the engine tracks it (its initial properties in canonical form).
     *
     * @param callbackName the element's {@code callback} name (becomes the event type), or null
     * @param action       the element's {@code action} name (or callback name), or null
     */
    public record ElementInfo(
            String id, ElementType type, Map<String, Object> props, String callbackName, String action) {}

    /** The result of parsing: the layout, every element by id, bindings and function handlers. */
    public record ParsedUi(
            UiLayout layout,
            Map<String, ElementInfo> elements,
            List<Binding> bindings,
            Map<String, LuaValue> handlers) {}

    private final String fname;
    private final Consumer<String> warnings;
    private final Map<String, Integer> counters = new HashMap<>();
    private final Set<String> explicitIds = new HashSet<>();
    private final Map<String, ElementInfo> elements = new LinkedHashMap<>();
    private final List<Binding> bindings = new ArrayList<>();
    private final Map<String, LuaValue> handlers = new HashMap<>();

    private LayoutParser(String fname, Consumer<String> warnings) {
        this.fname = fname;
        this.warnings = warnings;
    }

    /**
     * Parses a ui table.
     *
     * @param fname    function name for error and warning messages ({@code "setNativeUI"})
     * @param ui       the ui table (a JSON string must be decoded by the caller)
     * @param warnings receives one message per skipped element (unknown type), without a
     *                 trailing newline; called on the calling thread before this returns
     * @throws LuaError naming the element and field on invalid input
     */
    public static ParsedUi parse(String fname, LuaValue ui, Consumer<String> warnings) {
        return new LayoutParser(fname, warnings).parseRoot(ui);
    }

    private ParsedUi parseRoot(LuaValue ui) {
        if (!ui.istable()) {
            throw new LuaError(fname + ": ui must be a table or a JSON string, got " + ui.typename());
        }
        LuaValue list;
        String path;
        int padding = DEFAULT_PADDING;
        LuaValue pad = ui.get("padding");
        if (!pad.isnil()) {
            if (pad.type() != LuaValue.TNUMBER || pad.todouble() < 0) {
                throw new LuaError(fname + ": field 'padding' must be a non-negative number, got " + show(pad));
            }
            padding = (int) Math.round(pad.todouble());
        }
        if (ui.get("elements").istable()) {
            list = ui.get("elements");
            path = "elements";
        } else if (ui.get("type").isstring()) {
            LuaTable one = new LuaTable();
            one.set(1, ui);
            list = one;
            path = "ui";
        } else if (!ui.get(1).isnil()) {
            list = ui;
            path = "";
        } else {
            throw new LuaError(fname + ": ui needs 'elements' (flat layout), 'type' (hierarchical layout) "
                    + "or to be an array of elements");
        }
        collectIds(list);
        List<UiElement> top = parseList(list, path);
        return new ParsedUi(new UiLayout(top, padding), elements, bindings, handlers);
    }

    private void collectIds(LuaValue list) {
        if (!list.istable()) {
            return;
        }
        for (int i = 1; i <= list.length(); i++) {
            LuaValue e = list.get(i);
            if (e.istable()) {
                if (e.get("id").isstring()) {
                    explicitIds.add(e.get("id").tojstring());
                }
                collectIds(e.get("children"));
                collectIds(e.get("buttons"));
            }
        }
    }

    private List<UiElement> parseList(LuaValue list, String path) {
        List<UiElement> out = new ArrayList<>();
        int n = list.length();
        for (int i = 1; i <= n; i++) {
            String p = path.isEmpty() ? "[" + i + "]" : path.equals("ui") ? "ui" : path + "[" + i + "]";
            UiElement e = parseElement(list.get(i), p, null);
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    /** The element, or null when its type is unknown (reported to {@link #warnings}). */
    private UiElement parseElement(LuaValue t, String path, ElementType forcedType) {
        if (!t.istable()) {
            throw new LuaError(fname + ": element at " + path + " must be a table, got " + t.typename());
        }
        LuaValue idValue = t.get("id");
        if (!idValue.isnil() && !idValue.isstring()) {
            throw new LuaError(fname + ": element at " + path + ": field 'id' must be a string, got " + show(idValue));
        }
        String where = (idValue.isnil() ? "element" : "element '" + idValue.tojstring() + "'") + " at " + path;
        ElementType type = forcedType;
        if (type == null) {
            LuaValue typeValue = t.get("type");
            if (typeValue.isnil()) {
                throw new LuaError(
                        fname + ": " + where + ": missing field 'type' (one of " + ElementType.names() + ")");
            }
            type = typeValue.isstring() ? ElementType.byLuaName(typeValue.tojstring()) : null;
            if (type == null) {
                String shown =
                        typeValue.type() == LuaValue.TSTRING ? "'" + typeValue.tojstring() + "'" : show(typeValue);
                warnings.accept(fname + ": " + where + ": unknown type " + shown + ", skipped (known: "
                        + ElementType.names() + ")");
                return null;
            }
        }
        String id = idValue.isnil() ? generateId(type) : idValue.tojstring();
        if (elements.containsKey(id)) {
            throw new LuaError(fname + ": element '" + id + "' at " + path + ": duplicate id");
        }
        String name = "element '" + id + "' (" + type.luaName() + ") at " + path;
        Map<String, Object> props = new LinkedHashMap<>();
        List<UiElement> children = new ArrayList<>();
        String callbackName = null;
        String action = null;
        // reserve the id before children so they cannot take it
        elements.put(id, null);
        for (Map.Entry<String, FieldKind> f : type.fields().entrySet()) {
            String field = f.getKey();
            if (field.equals("id") || field.equals("type")) {
                continue;
            }
            LuaValue v = t.get(field);
            if (v.isnil()) {
                continue;
            }
            FieldKind kind = f.getValue();
            if (v.isfunction() && BINDABLE.contains(field)) {
                String prop = canonicalProperty(type, field);
                Object initial = convert(name, field, v.call(), kind);
                bindings.add(new Binding(id, prop, v));
                props.put(prop, initial);
                continue;
            }
            switch (kind) {
                case HANDLER -> {
                    if (v.isfunction()) {
                        handlers.put(id, v);
                    } else if (v.isstring()) {
                        if (field.equals("callback")) {
                            callbackName = v.tojstring();
                        }
                        action = v.tojstring();
                    } else {
                        throw fieldError(name, field, kind, v);
                    }
                }
                case TABLE -> {
                    if (!v.istable()) {
                        throw fieldError(name, field, kind, v);
                    }
                    LuaValue primary = v.get("primary");
                    if (!primary.isnil()) {
                        props.put("primary", convert(name, field + ".primary", primary, FieldKind.BOOLEAN));
                    }
                }
                case ELEMENTS -> {
                    if (!v.istable()) {
                        throw fieldError(name, field, kind, v);
                    }
                    ElementType childType = type == ElementType.BUTTON_ROW ? ElementType.BUTTON : null;
                    for (int i = 1; i <= v.length(); i++) {
                        UiElement child = parseElement(v.get(i), path + "." + field + "[" + i + "]", childType);
                        if (child != null) {
                            children.add(child);
                        }
                    }
                }
                default -> props.put(canonicalProperty(type, field), convert(name, field, v, kind));
            }
        }
        applyDefaults(name, type, props);
        elements.put(id, new ElementInfo(id, type, new LinkedHashMap<>(props), callbackName, action));
        return new UiElement(id, type, props, children);
    }

    private void applyDefaults(String name, ElementType type, Map<String, Object> props) {
        switch (type.valueKind()) {
            case BOOLEAN -> props.putIfAbsent("value", Boolean.FALSE);
            case STRINGS -> props.putIfAbsent("value", List.of());
            case TEXT -> props.putIfAbsent("text", "");
            default -> {}
        }
        switch (type) {
            case SLIDER, SCALE, PROGRESSBAR -> {
                double min = (Double) props.computeIfAbsent("min", k -> 0.0);
                double max = (Double) props.computeIfAbsent("max", k -> 100.0);
                if (min > max) {
                    throw new LuaError(
                            fname + ": " + name + ": field 'max' (" + fmt(max) + ") is below 'min' (" + fmt(min) + ")");
                }
                double v = (Double) props.computeIfAbsent("value", k -> min);
                props.put("value", Math.max(min, Math.min(max, v)));
            }
            case DROPDOWN, COMBOBOX -> {
                List<String> options = strings(props.get("options"));
                if (!props.containsKey("value") && !options.isEmpty()) {
                    props.put("value", options.get(0));
                }
                props.putIfAbsent("options", List.of());
            }
            case MULTISELECT, LISTBOX, DROPDOWN_MULTISELECT -> props.putIfAbsent("options", List.of());
            case ENTRY, TEXT -> props.putIfAbsent("value", "");
            case HEADER -> {
                double level = (Double) props.computeIfAbsent("level", k -> 1.0);
                if (level < 1 || level > 3 || level != Math.rint(level)) {
                    throw new LuaError(fname + ": " + name + ": field 'level' must be 1, 2 or 3, got " + fmt(level));
                }
            }
            default -> {}
        }
    }

    private String generateId(ElementType type) {
        String id;
        do {
            int n = counters.merge(type.luaName(), 1, Integer::sum);
            id = type.luaName() + "_" + n;
        } while (explicitIds.contains(id) || elements.containsKey(id));
        return id;
    }

    /**
     * The canonical property an element field or an {@code updateElement} property maps to:
     * {@code values} and an entry's {@code text} become {@code value}; a label's {@code value}
     * becomes {@code text}. Returns null when the type has no such property.
     */
    public static String canonicalProperty(ElementType type, String property) {
        switch (property) {
            case "enabled", "visible" -> {
                return property;
            }
            case "text" -> {
                if (type == ElementType.ENTRY || type == ElementType.TEXT) {
                    return "value";
                }
                return type.fields().containsKey("text") ? "text" : null;
            }
            case "value" -> {
                if (type.valueKind() == ValueKind.TEXT) {
                    return "text";
                }
                return type.valueKind() == ValueKind.NONE ? null : "value";
            }
            case "values" -> {
                return type.valueKind() == ValueKind.STRINGS ? "value" : null;
            }
            case "options", "min", "max" -> {
                return type.fields().containsKey(property) ? property : null;
            }
            default -> {
                return type.fields().containsKey(property) ? property : null;
            }
        }
    }

    /** The kind of value a canonical property holds for a type. */
    public static FieldKind propertyKind(ElementType type, String canonical) {
        return switch (canonical) {
            case "enabled", "visible" -> FieldKind.BOOLEAN;
            case "text" -> FieldKind.STRING;
            case "options" -> FieldKind.STRINGS;
            case "min", "max" -> FieldKind.NUMBER;
            case "value" ->
                switch (type.valueKind()) {
                    case BOOLEAN -> FieldKind.BOOLEAN;
                    case NUMBER -> FieldKind.NUMBER;
                    case STRINGS -> FieldKind.STRINGS;
                    default -> FieldKind.STRING;
                };
            default -> type.fields().getOrDefault(canonical, FieldKind.STRING);
        };
    }

    /**
     * Converts a Lua value to the Java value of {@code kind} (String, Double, Boolean,
     * {@code List<String>}).
     *
     * @param name  how the error names the element
     * @param field the field or property name
     * @throws LuaError {@code <fname>: <name>: field 'min' must be a number, got string}
     */
    Object convert(String name, String field, LuaValue v, FieldKind kind) {
        Object o = toJava(v, kind);
        if (o == null) {
            throw fieldError(name, field, kind, v);
        }
        return o;
    }

    /** Converts like {@link #convert} but returns null instead of raising. */
    public static Object toJava(LuaValue v, FieldKind kind) {
        switch (kind) {
            case STRING:
                return v.isstring() ? v.tojstring() : null;
            case NUMBER:
                return v.type() == LuaValue.TNUMBER ? (Object) v.todouble() : null;
            case BOOLEAN:
                return v.isboolean() ? (Object) v.toboolean() : null;
            case STRINGS: {
                if (!v.istable()) {
                    return null;
                }
                List<String> out = new ArrayList<>();
                int n = v.length();
                for (int i = 1; i <= n; i++) {
                    LuaValue s = v.get(i);
                    if (!s.isstring()) {
                        return null;
                    }
                    out.add(s.tojstring());
                }
                for (Varargs e = v.next(LuaValue.NIL); !e.arg1().isnil(); e = v.next(e.arg1())) {
                    if (!e.arg1().isint() || e.arg1().toint() < 1 || e.arg1().toint() > n) {
                        return null;
                    }
                }
                return List.copyOf(out);
            }
            default:
                return null;
        }
    }

    private LuaError fieldError(String name, String field, FieldKind kind, LuaValue v) {
        return new LuaError(fname + ": " + name + ": field '" + field + "' " + problem(kind, v));
    }

    /** {@code must be a number, got string '0'} — the end of a field error message. */
    public static String problem(FieldKind kind, LuaValue v) {
        if (kind == FieldKind.STRINGS && v.istable()) {
            return "must be " + kind.description() + ", got a table with other entries";
        }
        return "must be " + kind.description() + ", got " + show(v);
    }

    private static String show(LuaValue v) {
        if (v.type() == LuaValue.TSTRING) {
            return "string '" + v.tojstring() + "'";
        }
        return v.typename();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object o) {
        return o instanceof List<?> l ? (List<String>) l : List.of();
    }
}
