package dev.jeplua.engine.bridge;

import static org.luaj.vm2.LuaValue.NONE;
import static org.luaj.vm2.LuaValue.valueOf;

import dev.jeplua.engine.api.LibraryFunction;
import dev.jeplua.engine.api.LuaArgs;
import dev.jeplua.engine.output.OutputBus;
import java.util.List;
import java.util.SplittableRandom;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * EPLua's small helpers on {@code _PY} (docs/eplua-bridge.md):
 * <pre>
 * _PY.print(...)                 tostring of each argument, joined with one space (EPLua's
 *                                _PY.print; the global print keeps Lua's tab), newline; to the
 *                                same output as print (stdout, telnet and web clients). nil
 *                                prints "nil" and true "true" (Lua's words, not Python's None/True)
 * _PY.math_add(a, b) -> a + b    two numbers: their sum (integer + integer stays an integer);
 *                                two strings: their concatenation (as Python's +); anything else
 *                                raises "bad argument #2 to 'math_add' (number expected, got string)"
 * _PY.random_number([min=0 [, max=1]]) -> float   uniform in [min, max)
 * _PY.mobdebug                   {on, off, coro, logging, start, setbreakpoint, done}: functions
 *                                that do nothing (EPLua's stand-in when no debugger is attached)
 * </pre>
 * Engine thread.
 */
final class PyHelpers implements LibraryFunction.Body {
    private static final byte[] SPACE = {' '};

    private final OutputBus output;
    private final SplittableRandom random = new SplittableRandom();

    PyHelpers(OutputBus output) {
        this.output = output;
    }

    private LuaValue env = LuaValue.NIL; // set by install: print reads its current tostring

    /** Adds the helpers to {@code py}; {@code env} is read for the current {@code tostring}. */
    void install(LuaTable py, LuaValue env) {
        this.env = env;
        LibraryFunction.define(py, "print", FN_PRINT, this);
        LibraryFunction.define(py, "math_add", FN_MATH_ADD, this);
        LibraryFunction.define(py, "random_number", FN_RANDOM_NUMBER, this);
        LuaTable mobdebug = new LuaTable();
        for (String name : List.of("on", "off", "coro", "logging", "start", "setbreakpoint", "done")) {
            LibraryFunction.define(mobdebug, name, FN_MOBDEBUG, this);
        }
        py.rawset("mobdebug", mobdebug);
    }

    private Varargs print(LuaValue env, Varargs a) {
        LuaValue tostring = env.get("tostring");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 1; i <= a.narg(); i++) {
            LuaValue s = tostring.call(a.arg(i));
            if (!s.isstring()) {
                throw new LuaError("'tostring' must return a string to 'print'");
            }
            if (i > 1) {
                out.write(SPACE, 0, 1);
            }
            LuaString ls = s.strvalue();
            out.write(ls.m_bytes, ls.m_offset, ls.m_length);
        }
        out.write('\n');
        output.publish(out.toByteArray());
        return NONE;
    }

    private static Varargs mathAdd(Varargs a) {
        LuaValue x = a.arg(1);
        LuaValue y = a.arg(2);
        if (x.type() == LuaValue.TNUMBER && y.type() == LuaValue.TNUMBER) {
            return x.add(y);
        }
        if (x.type() == LuaValue.TSTRING && y.type() == LuaValue.TSTRING) {
            return x.concat(y);
        }
        boolean firstOk = x.type() == LuaValue.TNUMBER || x.type() == LuaValue.TSTRING;
        int bad = firstOk ? 2 : 1;
        String expected = firstOk ? a.arg(1).typename() : "number";
        String got = a.narg() < bad ? "no value" : a.arg(bad).typename();
        throw LuaArgs.argError(bad, "math_add", expected + " expected, got " + got);
    }

    // function numbers of this _PY.helpers's LibraryFunction.Body
    private static final int FN_PRINT = 0;
    private static final int FN_MATH_ADD = 1;
    private static final int FN_RANDOM_NUMBER = 2;
    private static final int FN_MOBDEBUG = 3;

    @Override
    public Varargs call(int index, Varargs a) {
        return switch (index) {
            case FN_PRINT -> print(env, a);
            case FN_MATH_ADD -> mathAdd(a);
            case FN_RANDOM_NUMBER -> luaRandomNumber(a);
            case FN_MOBDEBUG -> NONE; // mobdebug's functions do nothing here
            default -> throw new IllegalArgumentException("_PY.helpers: no function " + index);
        };
    }

    private Varargs luaRandomNumber(Varargs a) {
        double min = LuaArgs.optNumber(a, 1, "random_number", 0);
        double max = LuaArgs.optNumber(a, 2, "random_number", 1);
        return valueOf(min + (max - min) * random.nextDouble());
    }
}
