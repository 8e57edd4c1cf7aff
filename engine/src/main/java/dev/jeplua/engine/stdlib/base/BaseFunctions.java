package dev.jeplua.engine.stdlib.base;

import dev.jeplua.engine.api.LibraryFunction;
import dev.jeplua.engine.api.LuaArgs;
import dev.jeplua.engine.api.NamedFunction;
import dev.jeplua.engine.errors.ErrorMessages;
import dev.jeplua.engine.errors.ErrorPositions;
import dev.jeplua.engine.errors.ErrorWording;
import dev.jeplua.engine.errors.LuaFrames;
import dev.jeplua.engine.luaj.ToBeClosed;
import dev.jeplua.engine.stdlib.number.LuaNumberFormat;
import java.io.PrintStream;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The base-library functions where LuaJ differs from Lua 5.4 (installed after LuaJ's base library):
 * <pre>
 * tostring(v) -> string           numbers as "%.14g" (0.33333333333333, 1e+15), honours __tostring
 *                                 (which must return a string) and __name ("Point: 1b6d3586")
 * pairs(t) -> f, t, k             uses __pairs when present, else next, t, nil (any value, as 5.4)
 * ipairs(t) -> f, t, 0            t[1], t[2], ... (with __index) until nil; no __ipairs (5.4)
 * pcall(f, ...) -> true, ... | false, err       also catches stack overflow ("f.lua:1: stack overflow")
 * xpcall(f, h, ...) -> true, ... | false, h(err) h receives the reference's "chunk:line: message"
 * error(msg [, level=1])          prefixes "chunk:line: " of the function at that level (0: none)
 * load(chunk [, name [, mode [, env]]])  LuaJ's, with 5.4's message for a chunk the mode forbids
 * warn(msg, ...)                  Lua 5.4: "Lua warning: msg" on stderr once turned on with "@on"
 * </pre>
 * Execution interruptions and {@code os.exit} are Java {@link Error}s, which neither pcall catches.
 * Engine thread.
 */
public final class BaseFunctions extends TwoArgFunction implements LibraryFunction.Body {
    /** The value of {@code _VERSION}: the Lua version whose behaviour JEPLua follows. */
    public static final String VERSION = "Lua 5.4";

    private static final LuaString PAIRS = LuaString.valueOf("__pairs");
    private static final LuaString NAME = LuaString.valueOf("__name");
    private final PrintStream stderr;
    private boolean warnOn;

    /** @param stderr where {@code warn} writes */
    // set by call (the install): what the library functions read
    private Globals globals;

    private LuaValue next = NIL;
    private LuaValue inext = NIL;
    private LuaValue load = NIL;

    public BaseFunctions(PrintStream stderr) {
        this.stderr = stderr;
    }

    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        globals = env.checkglobals();
        next = env.get("next");
        env.set("tostring", new LibraryFunction("tostring", FN_TOSTRING, this));
        env.set("pairs", new LibraryFunction("pairs", FN_PAIRS, this));
        // Lua 5.4's ipairs: any value, read with metamethods (t[i] honours __index), no __ipairs
        inext = new LibraryFunction("ipairs_aux", FN_IPAIRS_AUX, this);
        env.set("ipairs", new LibraryFunction("ipairs", FN_IPAIRS, this));
        env.set("rawlen", new LibraryFunction("rawlen", FN_RAWLEN, this));
        env.set("rawequal", new LibraryFunction("rawequal", FN_RAWEQUAL, this));
        env.set("pcall", new ProtectedCall(globals, false));
        env.set("xpcall", new ProtectedCall(globals, true));
        env.set("error", new LibraryFunction("error", FN_ERROR, this));
        env.set("warn", new LibraryFunction("warn", FN_WARN, this));
        env.set("tonumber", new LibraryFunction("tonumber", FN_TONUMBER, this));
        env.set("_VERSION", valueOf(VERSION));
        load = env.get("load");
        env.set("load", new LibraryFunction("load", FN_LOAD, this));
        // Lua 5.4 has neither (Debian's lua5.4 keeps only 5.3's compatibility functions)
        env.set("unpack", NIL);
        env.set("loadstring", NIL);
        return env;
    }

    /**
     * {@code tostring(v)} as Lua 5.2: {@code __tostring} first (its result must be a string),
     * numbers as {@code %.14g}, strings unchanged, others {@code type: id} — functions too, Lua
     * and Java ones alike ({@code function: 1b6d3586}, distinct for every closure; LuaJ would
     * print a Lua function's source position and a library function's name).
     *
     * @throws LuaError {@code '__tostring' must return a string}
     */
    public static LuaString tostring(LuaValue v) {
        LuaValue h = v.metatag(TOSTRING);
        if (!h.isnil()) {
            LuaValue r = h.call(v);
            if (!r.isstring()) {
                throw new LuaError("'__tostring' must return a string");
            }
            return r.strvalue();
        }
        return switch (v.type()) {
            case TSTRING -> (LuaString) v;
            case TNUMBER ->
                v instanceof LuaDouble ? LuaString.valueOf(LuaNumberFormat.float14(v.todouble())) : v.strvalue();
            case TFUNCTION -> LuaString.valueOf("function: " + Integer.toHexString(System.identityHashCode(v)));
            case TTABLE, TUSERDATA -> {
                LuaValue name =
                        v.getmetatable() == null ? NIL : v.getmetatable().rawget(NAME);
                yield name.type() == TSTRING
                        ? LuaString.valueOf(name.tojstring() + ": " + Integer.toHexString(System.identityHashCode(v)))
                        : LuaString.valueOf(v.tojstring());
            }
            default -> LuaString.valueOf(v.tojstring());
        };
    }

    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final java.util.regex.Pattern HEX =
            java.util.regex.Pattern.compile("([+-]?)0[xX]([0-9a-fA-F]*)(?:\\.([0-9a-fA-F]*))?(?:[pP]([+-]?\\d+))?");

    /**
     * {@code tonumber(v [, base])} as Lua 5.2: decimal or hexadecimal (with hex fractions and
     * {@code p} exponents) numerals with surrounding spaces; with a base 2..36, an integer
     * numeral in that base. Anything else gives nil.
     */
    private static Varargs tonumber(Varargs a) {
        if (a.narg() == 0) {
            throw LuaArgs.argError(1, "tonumber", "value expected");
        }
        LuaValue v = a.arg1();
        if (a.isnoneornil(2)) {
            if (v.type() == TNUMBER) {
                return v;
            }
            if (v.type() != TSTRING) {
                return NIL;
            }
            LuaValue n = org.luaj.vm2.Lua54Numbers.stringToNumber((LuaString) v);
            return n == null ? NIL : n;
        }
        long base = LuaArgs.integer(a, 2, "tonumber");
        if (base < 2 || base > 36) {
            throw LuaArgs.argError(2, "tonumber", "base out of range");
        }
        return LuaArgs.luaString(a, 1, "tonumber").tonumber((int) base); // 5.4: an integer, wrapping around
    }

    /** Lua 5.2's string-to-number conversion ({@code luaO_str2d}), or null. */
    static Double parseNumber(String text) {
        String s = text.strip();
        if (s.isEmpty() || s.indexOf('n') >= 0 || s.indexOf('N') >= 0) {
            return null;
        }
        if (DECIMAL.matcher(s).matches()) {
            return Double.parseDouble(s);
        }
        java.util.regex.Matcher m = HEX.matcher(s);
        if (!m.matches()) {
            return null;
        }
        String whole = m.group(2);
        String frac = m.group(3) == null ? "" : m.group(3);
        if (whole.isEmpty() && frac.isEmpty()) {
            return null;
        }
        double r = 0;
        for (char c : whole.toCharArray()) {
            r = r * 16 + Character.digit(c, 16);
        }
        double scale = 1.0 / 16;
        for (char c : frac.toCharArray()) {
            r += Character.digit(c, 16) * scale;
            scale /= 16;
        }
        if (m.group(4) != null) {
            r = r * Math.pow(2, Integer.parseInt(m.group(4)));
        }
        return "-".equals(m.group(1)) ? -r : r;
    }

    private Varargs warn(Varargs a) {
        int n = a.narg();
        if (n == 0) {
            throw LuaArgs.argError(1, "warn", "string expected, got no value");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            sb.append(LuaArgs.luaString(a, i, "warn").tojstring());
        }
        String msg = sb.toString();
        if (n == 1 && msg.startsWith("@")) {
            if (msg.equals("@on")) {
                warnOn = true;
            } else if (msg.equals("@off")) {
                warnOn = false;
            }
            return NONE;
        }
        if (warnOn) {
            stderr.println("Lua warning: " + msg);
            stderr.flush();
        }
        return NONE;
    }

    /**
     * The error {@code error(v)} raises: its message is {@code v} exactly (LuaJ would prefix the
     * raising function's position a second time).
     */
    static final class RaisedError extends LuaError {
        private static final long serialVersionUID = 1L;
        private final String text;

        RaisedError(LuaValue value) {
            super(value);
            this.text = value.tojstring();
        }

        @Override
        public String getMessage() {
            return traceback != null ? traceback : text;
        }
    }

    /**
     * The message handler's result for {@code m}; an error inside the handler gives 5.4's
     * {@code error in error handling} instead of escaping {@code xpcall}.
     */
    private static LuaValue handle(LuaValue handler, LuaValue m) {
        try {
            return handler.call(m);
        } catch (LuaError | StackOverflowError e) {
            return LuaValue.valueOf("error in error handling");
        }
    }

    /** {@code pcall} and {@code xpcall}: LuaJ's, plus stack overflow and reference-style messages. */
    private static final class ProtectedCall extends VarArgFunction {
        private final Globals globals;
        private final boolean x;

        ProtectedCall(Globals globals, boolean x) {
            this.globals = globals;
            this.x = x;
            this.name = x ? "xpcall" : "pcall";
        }

        @Override
        public Varargs invoke(Varargs args) {
            if (x && !args.arg(2).isfunction()) {
                throw LuaArgs.argError(
                        2,
                        name,
                        "function expected, got "
                                + (args.narg() < 2 ? "no value" : args.arg(2).typename()));
            }
            if (args.narg() < 1) {
                throw LuaArgs.argError(1, name, "value expected");
            }
            LuaValue f = args.arg1();
            LuaValue handler = x ? args.arg(2) : null;
            Varargs rest = args.subargs(x ? 3 : 2);
            org.luaj.vm2.LuaThread t = globals.running;
            LuaValue previous = t.errorfunc;
            LuaValue[] handled = new LuaValue[1];
            if (x) {
                // LuaJ calls the error function where the error is raised (so debug.traceback in
                // the handler sees the failing stack), with the message as text.
                t.errorfunc = new NamedFunction(
                        "xpcall",
                        m -> handled[0] = handle(
                                handler,
                                LuaValue.valueOf(
                                        ErrorMessages.describe(globals, m.arg1().tojstring()))));
            }
            int depth = -1;
            if (globals.debuglib != null) {
                globals.debuglib.onCall(this);
                depth = LuaFrames.depth(globals);
            }
            try {
                return varargsOf(TRUE, f.invoke(rest));
            } catch (LuaError e) {
                LuaValue m = e.getMessageObject();
                if (m == null) {
                    m = NIL;
                } else if (m.type() == TSTRING) {
                    // errors raised by Java code pcall called directly never met a Lua frame's handler
                    m = LuaValue.valueOf(ErrorWording.directCall(globals, f, rest, ErrorWording.reword(m.tojstring())));
                }
                LuaValue closed = ToBeClosed.of(globals).closePending(m); // <close> variables of the unwound frames
                if (x) {
                    t.errorfunc = previous;
                    m = closed != m
                            ? handle(handler, closed)
                            : handled[0] != null && m.isstring() ? handled[0] : handle(handler, m);
                } else {
                    m = closed;
                }
                return varargsOf(FALSE, m);
            } catch (StackOverflowError | OutOfMemoryError e) {
                // a frame pushed where the stack or heap ran out may have missed its pop: drop leftovers
                while (depth >= 0 && LuaFrames.depth(globals) > depth) {
                    globals.debuglib.onReturn();
                }
                // Lua 5.2 §2.3: a memory error is caught by pcall like any other, with this message
                LuaValue m = LuaValue.valueOf(
                        e instanceof StackOverflowError so
                                ? ErrorPositions.overflowMessage(so, f)
                                : dev.jeplua.engine.memory.MemoryGuard.MESSAGE);
                m = ToBeClosed.of(globals).closePending(m);
                if (x) {
                    t.errorfunc = previous;
                    m = handle(handler, m);
                }
                return varargsOf(FALSE, m);
            } finally {
                t.errorfunc = previous;
                if (globals.debuglib != null) {
                    globals.debuglib.onReturn();
                }
            }
        }
    }

    // function numbers of this base's LibraryFunction.Body
    private static final int FN_TOSTRING = 0;
    private static final int FN_PAIRS = 1;
    private static final int FN_IPAIRS_AUX = 2;
    private static final int FN_IPAIRS = 3;
    private static final int FN_RAWLEN = 4;
    private static final int FN_RAWEQUAL = 5;
    private static final int FN_ERROR = 6;
    private static final int FN_WARN = 7;
    private static final int FN_TONUMBER = 8;
    private static final int FN_LOAD = 9;

    @Override
    public Varargs call(int index, Varargs a) {
        return switch (index) {
            case FN_TOSTRING -> luaTostring(a);
            case FN_PAIRS -> luaPairs(a);
            case FN_IPAIRS_AUX -> luaIpairsAux(a);
            case FN_IPAIRS -> luaIpairs(a);
            case FN_RAWLEN -> luaRawlen(a);
            case FN_RAWEQUAL -> luaRawequal(a);
            case FN_ERROR -> luaError(a);
            case FN_WARN -> warn(a);
            case FN_TONUMBER -> tonumber(a);
            case FN_LOAD -> luaLoad(a);
            default -> throw new IllegalArgumentException("base: no function " + index);
        };
    }

    private Varargs luaTostring(Varargs a) {
        if (a.narg() == 0) {
            throw LuaArgs.argError(1, "tostring", "value expected");
        }
        return tostring(a.arg1()); // 5.4's luaL_tolstring: __tostring must give a string
    }

    private Varargs luaPairs(Varargs a) {
        if (a.narg() == 0) {
            throw LuaArgs.argError(1, "pairs", "value expected");
        }
        LuaValue t = a.arg1();
        LuaValue h = t.metatag(PAIRS);
        if (h.isnil()) {
            return varargsOf(next, t, NIL);
        }
        Varargs r = h.invoke(t);
        return varargsOf(r.arg(1), r.arg(2), r.arg(3));
    }

    private Varargs luaIpairsAux(Varargs a) {
        long i = a.arg(2).tolong() + 1;
        LuaValue v = a.arg1().get(LuaInteger.valueOf(i));
        return v.isnil() ? NIL : varargsOf(LuaInteger.valueOf(i), v);
    }

    private Varargs luaIpairs(Varargs a) {
        if (a.narg() == 0) {
            throw LuaArgs.argError(1, "ipairs", "value expected");
        }
        return varargsOf(inext, a.arg1(), LuaInteger.valueOf(0));
    }

    private Varargs luaRawlen(Varargs a) {
        LuaValue v = a.arg1();
        if (!v.istable() && v.type() != TSTRING) {
            throw LuaArgs.argError(
                    1, "rawlen", "table or string expected, got " + (a.narg() == 0 ? "no value" : v.typename()));
        }
        return LuaInteger.valueOf(v.rawlen());
    }

    private Varargs luaRawequal(Varargs a) {
        if (a.narg() < 2) {
            throw LuaArgs.argError(a.narg() + 1, "rawequal", "value expected");
        }
        return valueOf(a.arg1().raweq(a.arg(2)));
    }

    private Varargs luaError(Varargs a) {
        LuaValue msg = a.arg1();
        int level = (int) LuaArgs.optInteger(a, 2, "error", 1);
        if (msg.type() == TSTRING && level > 0) { // 5.4: numbers get no position
            msg = LuaValue.valueOf(ErrorPositions.where(globals, level) + msg.tojstring());
        }
        throw new RaisedError(msg);
    }

    private Varargs luaLoad(Varargs a) {
        LuaValue chunk = a.arg1();
        if (chunk.type() == TSTRING && a.arg(3).isstring()) {
            String mode = a.arg(3).tojstring();
            boolean binary =
                    chunk.checkstring().m_length > 0 && chunk.checkstring().luaByte(0) == 27;
            if (binary && mode.indexOf('b') < 0) {
                return varargsOf(NIL, valueOf("attempt to load a binary chunk (mode is '" + mode + "')"));
            }
            if (!binary && mode.indexOf('t') < 0) {
                return varargsOf(NIL, valueOf("attempt to load a text chunk (mode is '" + mode + "')"));
            }
        }
        return load.invoke(a);
    }
}
