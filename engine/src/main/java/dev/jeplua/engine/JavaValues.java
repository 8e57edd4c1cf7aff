package dev.jeplua.engine;

import dev.jeplua.engine.stdlib.base.BaseFunctions;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Converts Lua values to plain Java values for results that leave the engine thread:
 * nil → null, boolean → Boolean, integer (Lua 5.4 subtype) → Long, float → Double (so JSON keeps
 * {@code 5} and {@code 5.0} apart),
 * string → String (UTF-8, invalid bytes replaced), table with keys exactly 1..n → List,
 * other table → Map with string keys (sorted), anything else (function, userdata, thread,
 * a table met again inside itself) → its {@code tostring}. Engine thread only.
 */
public final class JavaValues {
    private JavaValues() {}

    /** Converts one value (see class description). */
    public static Object toJava(LuaValue v) {
        return toJava(v, new IdentityHashMap<>());
    }

    /** Converts every value of a varargs list. */
    public static List<Object> toJava(Varargs values) {
        List<Object> list = new ArrayList<>(values.narg());
        for (int i = 1; i <= values.narg(); i++) {
            list.add(toJava(values.arg(i)));
        }
        return list;
    }

    /** {@code tostring} of every value (honours {@code __tostring}). */
    public static List<String> toStrings(Varargs values) {
        List<String> list = new ArrayList<>(values.narg());
        for (int i = 1; i <= values.narg(); i++) {
            list.add(text(values.arg(i)));
        }
        return list;
    }

    /** Lua's {@code tostring} of {@code v}; LuaJ's text when its {@code __tostring} fails. */
    private static String text(LuaValue v) {
        try {
            return BaseFunctions.tostring(v).tojstring();
        } catch (LuaError e) {
            return v.tojstring();
        }
    }

    private static Object toJava(LuaValue v, IdentityHashMap<LuaValue, Boolean> seen) {
        switch (v.type()) {
            case LuaValue.TNIL:
                return null;
            case LuaValue.TBOOLEAN:
                return v.toboolean();
            case LuaValue.TNUMBER: {
                // Lua 5.4's subtypes: integers become Long, floats Double (5.0 stays 5.0 in JSON)
                if (org.luaj.vm2.Lua54Numbers.isInteger(v)) {
                    return v.tolong();
                }
                return v.todouble();
            }
            case LuaValue.TSTRING:
                return v.tojstring();
            case LuaValue.TTABLE: {
                if (seen.containsKey(v)) {
                    return v.tojstring();
                }
                seen.put(v, Boolean.TRUE);
                try {
                    return tableToJava((LuaTable) v, seen);
                } finally {
                    seen.remove(v);
                }
            }
            default: {
                // functions, userdata, threads: Lua's tostring ("function: 1b6d3586" unless __tostring)
                return text(v);
            }
        }
    }

    private static Object tableToJava(LuaTable t, IdentityHashMap<LuaValue, Boolean> seen) {
        int n = t.length();
        int count = 0;
        for (LuaValue k = t.next(LuaValue.NIL).arg1(); !k.isnil(); k = t.next(k).arg1()) {
            count++;
        }
        if (n > 0 && count == n) {
            List<Object> list = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                list.add(toJava(t.rawget(i), seen));
            }
            return list;
        }
        Map<String, Object> map = new TreeMap<>();
        for (Varargs e = t.next(LuaValue.NIL); !e.arg1().isnil(); e = t.next(e.arg1())) {
            map.put(e.arg1().tojstring(), toJava(e.arg(2), seen));
        }
        return new LinkedHashMap<>(map);
    }
}
