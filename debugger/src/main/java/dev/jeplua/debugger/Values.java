package dev.jeplua.debugger;

import org.luaj.vm2.LuaValue;

/**
 * How Lua values read in the variables view and the debug console: strings quoted (as Lua
 * would write them), other values as {@code tostring} gives them without calling a
 * {@code __tostring} metamethod (looking must not run the program's code). Any thread.
 */
final class Values {
    private Values() {}

    /** The display form: {@code "text"}, {@code 42}, {@code true}, {@code table: 1b2c3d}. */
    static String display(LuaValue v) {
        if (v.type() == LuaValue.TSTRING) {
            return quote(v.tojstring());
        }
        return plain(v);
    }

    /** The value as text without quotes (log points). */
    static String plain(LuaValue v) {
        return v.isnil() ? "nil" : v.tojstring();
    }

    /** A table key in the variables view: {@code name} for identifiers, {@code [1]} or {@code ["a b"]} otherwise. */
    static String key(LuaValue k) {
        if (k.type() == LuaValue.TSTRING) {
            String s = k.tojstring();
            if (s.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                return s;
            }
            return "[" + quote(s) + "]";
        }
        return "[" + plain(k) + "]";
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
