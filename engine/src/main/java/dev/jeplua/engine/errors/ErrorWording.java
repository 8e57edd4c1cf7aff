package dev.jeplua.engine.errors;

import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * LuaJ's error texts in the reference interpreter's (Lua 5.4) words, where no variable name is
 * needed to say them:
 *
 * <ul>
 * <li>comparisons: {@code attempt to compare table with table} (and LuaJ's other shapes) becomes
 *     {@code attempt to compare two table values}, as {@code luaG_ordererror} in {@code ldebug.c}
 *     words it;</li>
 * <li>calls: {@code attempt to call nil} becomes {@code attempt to call a nil value};</li>
 * <li>argument errors: the shapes of {@code bad argument} messages (ours and LuaJ's) become
 *     {@code bad argument #n to 'f' (msg)} or {@code calling 'f' on bad self (msg)}, as
 *     {@code luaL_argerror} (Lua 5.4 manual §5.1, auxiliary library) words them.</li>
 * </ul>
 *
 * Naming the variable involved is {@link VariableNames}' job; positions are {@link ErrorPositions}'.
 * The text rewordings are pure; {@link #directCall} reads the globals table (engine thread).
 */
public final class ErrorWording {
    /** LuaJ's call error: {@code attempt to call nil}; also what {@link VariableNames} names. */
    static final Pattern CALL = Pattern.compile("attempt to call (\\w+)");

    private static final Pattern COMPARE_SWAPPED =
            Pattern.compile("attempt to compare (\\w+) with (\\w+) expected, got \\w+");
    private static final Pattern COMPARE_TAG = Pattern.compile("attempt to compare __\\w+ on (\\w+) and (\\w+)");
    private static final Pattern COMPARE = Pattern.compile("attempt to compare (\\w+) with (\\w+)");
    private static final Pattern BAD_ARG_NAMED =
            Pattern.compile("bad argument #(\\d+) to '([^']*)' \\((.*)\\)$", Pattern.DOTALL);
    private static final Pattern BAD_ARG_NUMBERED = Pattern.compile("bad argument #(\\d+): (.*)$", Pattern.DOTALL);
    private static final Pattern BAD_ARG_TYPE = Pattern.compile("bad argument: (\\w+) expected, got (\\w+)$");

    private ErrorWording() {}

    /**
     * LuaJ's comparison and call errors in the reference's words; the part of the wording that
     * needs no call stack. Idempotent. Stateless: any thread.
     *
     * @param m an error message, possibly null
     * @return {@code m} with a comparison error worded as {@code luaG_ordererror} does and a
     *     trailing {@code attempt to call T} as {@code attempt to call a T value}; other text (and
     *     null) unchanged
     */
    public static String reword(String m) {
        if (m == null || !m.contains("attempt to ")) {
            return m;
        }
        m = compareMessage(m);
        return callMessage(m);
    }

    /** LuaJ's comparison errors in the reference's words ({@code attempt to compare two table values}). */
    static String compareMessage(String m) {
        Matcher x = COMPARE_SWAPPED.matcher(m);
        if (x.find()) {
            return replace(m, x, compared(x.group(2), x.group(1)));
        }
        x = COMPARE_TAG.matcher(m);
        if (x.find()) {
            return replace(m, x, compared(x.group(1), x.group(2)));
        }
        x = COMPARE.matcher(m);
        if (x.find() && x.group(1).equals(x.group(2))) {
            return replace(m, x, compared(x.group(1), x.group(2)));
        }
        return m;
    }

    /**
     * A trailing {@code attempt to call T} (LuaJ's words, no variable named) as {@code attempt to
     * call a T value}; other text unchanged.
     */
    static String callMessage(String m) {
        Matcher c = CALL.matcher(m);
        if (c.find() && c.end() == m.length()) {
            m = replace(m, c, "attempt to call a " + c.group(1) + " value");
        }
        return m;
    }

    private static String compared(String a, String b) {
        return a.equals(b) ? "attempt to compare two " + a + " values" : "attempt to compare " + a + " with " + b;
    }

    /**
     * Words a {@code bad argument} error raised by the Java function {@code fn} that {@code pcall}
     * called directly with {@code args}, as {@code luaL_argerror} does when no Lua code made the
     * call: the function goes by its global name ({@code bad argument #1 to 'string.rep' (...)}).
     * Engine thread (reads the globals table).
     *
     * @param globals the engine's globals, searched for {@code fn}'s name
     * @param fn the function {@code pcall} called
     * @param args the arguments it was called with
     * @param m the error message it raised, possibly null
     * @return the message in the reference's words; {@code m} unchanged when it is no argument
     *     error, {@code fn} is a Lua function or has no global name
     */
    public static String directCall(Globals globals, LuaValue fn, Varargs args, String m) {
        if (m == null || !m.startsWith("bad argument") || fn instanceof LuaClosure) {
            return m;
        }
        String name = globalName(globals, fn);
        return name == null
                ? m
                : argumentError(m, name, true, k -> k <= args.narg() ? args.arg(k) : null, args.narg(), false);
    }

    /** {@code fn}'s name in the globals: {@code "print"}, else {@code "string.rep"}; null if none. */
    private static String globalName(Globals globals, LuaValue fn) {
        String inModule = null;
        for (Varargs e = globals.next(LuaValue.NIL); !e.arg1().isnil(); e = globals.next(e.arg1())) {
            LuaValue key = e.arg1();
            LuaValue value = e.arg(2);
            if (!key.isstring()) {
                continue;
            }
            if (value == fn) {
                return key.tojstring();
            }
            if (inModule == null && value.istable() && value != globals) {
                for (Varargs f = value.next(LuaValue.NIL); !f.arg1().isnil(); f = value.next(f.arg1())) {
                    if (f.arg(2) == fn && f.arg1().isstring()) {
                        inModule = key.tojstring() + "." + f.arg1().tojstring();
                        break;
                    }
                }
            }
        }
        return inModule;
    }

    /**
     * The three shapes of {@code bad argument} messages (ours and LuaJ's) in the reference's
     * words for function {@code fname}; {@code arg} gives the call's arguments (null past the end)
     * to find the argument a number-less LuaJ message is about.
     *
     * @param rename whether {@code fname} replaces the name a {@code bad argument #n to 'f'}
     *     message already carries
     * @param method whether the call was a method call ({@code self} is counted out)
     */
    static String argumentError(
            String m, String fname, boolean rename, IntFunction<LuaValue> arg, int nargs, boolean method) {
        Matcher x = BAD_ARG_NAMED.matcher(m);
        if (x.find()) {
            return replace(
                    m, x, argError(Integer.parseInt(x.group(1)), rename ? fname : x.group(2), x.group(3), method));
        }
        x = BAD_ARG_NUMBERED.matcher(m);
        if (x.find()) {
            return replace(m, x, argError(Integer.parseInt(x.group(1)), fname, x.group(2), method));
        }
        x = BAD_ARG_TYPE.matcher(m);
        if (x.find()) {
            String expected =
                    switch (x.group(1)) {
                        case "double", "int", "long", "integer", "number" -> "number";
                        case "String", "string" -> "string";
                        case "closure", "function" -> "function";
                        default -> x.group(1);
                    };
            String got = x.group(2);
            int index = -1;
            for (int k = 1; k <= nargs; k++) {
                LuaValue v = arg.apply(k);
                if (v != null && v.typename().equals(got)) {
                    index = k;
                    break;
                }
            }
            if (index < 0) {
                if (!"nil".equals(got)) {
                    return m;
                }
                index = nargs + 1;
                got = "no value";
            }
            String text = expected + " expected, got " + got;
            return replace(m, x, argError(index, fname, text, method));
        }
        return m;
    }

    private static String argError(int n, String fname, String msg, boolean method) {
        if (method) {
            n--;
            if (n == 0) {
                return "calling '" + fname + "' on bad self (" + msg + ")";
            }
        }
        return "bad argument #" + n + " to '" + fname + "' (" + msg + ")";
    }

    /** {@code m} with the text {@code x} last matched replaced by {@code text}. */
    static String replace(String m, Matcher x, String text) {
        return m.substring(0, x.start()) + text + m.substring(x.end());
    }
}
