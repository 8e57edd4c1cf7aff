package dev.jeplua.engine.stdlib.base;

import dev.jeplua.engine.api.LibraryFunction;
import dev.jeplua.engine.api.LuaArgs;
import dev.jeplua.engine.coroutine.EngineExit;
import dev.jeplua.engine.output.OutputBus;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * The base-library functions JEPLua replaces (installed after LuaJ's base, os libraries):
 * <pre>
 * print(...)                   tostring of each argument, tab-separated, newline; to the output bus
 * collectgarbage([opt [, arg]]) "count" -> KiB used (a float), "collect" -> 0
 *                              (a full JVM collection, then the __gc finalizers of what it found),
 *                              "step" -> true, "isrunning" -> false after "stop" until "restart",
 *                              "stop"/"restart" -> 0, "setpause"/"setstepmul" -> the previous value
 *                              (200, 100 at start), "incremental"/"generational" -> the previous mode
 *                              (Lua 5.4); the settings are remembered only: the JVM collects as it will
 * setmetatable(t, mt)          LuaJ's, plus marking t for finalization when mt has __gc ({@link Finalizers})
 * debug.setmetatable(v, mt)    the same
 * os.exit([code=true [, close]]) orderly engine shutdown with status code (true = 0, false = 1);
 *                              with close = true the __gc finalizers of live tables run first
 * </pre>
 * {@code print} converts its arguments as {@code tostring} does (Lua 5.4's {@code luaL_tolstring}:
 * {@code __tostring}, which must return a string, and {@code __name}), whatever the global
 * {@code tostring} is.
 */
public final class CoreLib extends TwoArgFunction implements LibraryFunction.Body {
    private final OutputBus output;
    private final Finalizers finalizers;
    // collectgarbage's settings: remembered and reported as 5.4 does; the JVM's collector ignores them
    private boolean gcRunning = true;
    private int gcPause = 200;
    private int gcStepMul = 100;
    private String gcMode = "generational"; // lua.c 5.4 switches its state to generational mode at start

    /**
     * @param output     the engine's output bus
     * @param finalizers the engine's {@code __gc} bookkeeping
     */
    public CoreLib(OutputBus output, Finalizers finalizers) {
        this.output = output;
        this.finalizers = finalizers;
    }

    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LibraryFunction.define(env, "print", PRINT, this);
        LibraryFunction.define(env, "collectgarbage", COLLECTGARBAGE, this);
        env.set("setmetatable", marking("setmetatable", env.get("setmetatable")));
        LuaValue debug = env.get("debug");
        if (debug.istable()) {
            debug.set("setmetatable", marking("setmetatable", debug.get("setmetatable")));
        }
        LuaValue os = env.get("os");
        if (os.istable()) {
            LibraryFunction.define(os, "exit", EXIT, this);
        }
        return env;
    }

    /** Wraps LuaJ's setmetatable so that tables get (or lose) their finalization mark. */
    private LuaValue marking(String name, LuaValue setmetatable) {
        return new MarkingSetmetatable(name, setmetatable, finalizers);
    }

    private Varargs print(Varargs a) {
        int n = a.narg();
        LuaString[] parts = new LuaString[n];
        int size = n == 0 ? 1 : n;
        for (int i = 0; i < n; i++) {
            LuaValue v = a.arg(i + 1);
            // 5.4 converts with luaL_tolstring, not the global tostring
            LuaValue s = v.type() == TSTRING ? v : BaseFunctions.tostring(v);
            LuaString ls = s.strvalue();
            parts[i] = ls;
            size += ls.m_length;
        }
        byte[] out = new byte[size];
        int pos = 0;
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out[pos++] = '\t';
            }
            LuaString ls = parts[i];
            System.arraycopy(ls.m_bytes, ls.m_offset, out, pos, ls.m_length);
            pos += ls.m_length;
        }
        out[pos] = '\n';
        output.publish(out);
        return NONE;
    }

    private Varargs collectgarbage(Varargs a) {
        String opt = a.optjstring(1, "collect");
        Runtime rt = Runtime.getRuntime();
        switch (opt) {
            case "count": {
                long used = rt.totalMemory() - rt.freeMemory();
                return valueOf(used / 1024.0); // 5.4: one value, KiB as a float
            }
            case "collect":
                finalizers.collect();
                return valueOf(0);
            case "step":
                return TRUE;
            case "isrunning":
                return valueOf(gcRunning);
            case "stop":
                gcRunning = false;
                return valueOf(0);
            case "restart":
                gcRunning = true;
                return valueOf(0);
            case "setpause": {
                int previous = gcPause;
                gcPause = (int) LuaArgs.optInteger(a, 2, "collectgarbage", 0);
                return valueOf(previous);
            }
            case "setstepmul": {
                int previous = gcStepMul;
                gcStepMul = (int) LuaArgs.optInteger(a, 2, "collectgarbage", 0);
                return valueOf(previous);
            }
            case "incremental":
            case "generational": {
                String previous = gcMode;
                gcMode = opt;
                return valueOf(previous);
            }
            default:
                throw LuaArgs.argError(1, "collectgarbage", "invalid option '" + opt + "'");
        }
    }

    // function numbers of this core's LibraryFunction.Body
    private static final int PRINT = 0;
    private static final int COLLECTGARBAGE = 1;
    private static final int EXIT = 2;

    @Override
    public Varargs call(int index, Varargs a) {
        return switch (index) {
            case PRINT -> print(a);
            case COLLECTGARBAGE -> collectgarbage(a);
            case EXIT -> luaExit(a);
            default -> throw new IllegalArgumentException("core: no function " + index);
        };
    }

    private Varargs luaExit(Varargs a) {
        LuaValue code = a.arg1();
        int status = code.isnil() ? 0 : code.isboolean() ? (code.toboolean() ? 0 : 1) : code.checkint();
        if (a.arg(2).toboolean()) {
            finalizers.close();
        } else {
            finalizers.skipClose();
        }
        throw new EngineExit(status);
    }
}
