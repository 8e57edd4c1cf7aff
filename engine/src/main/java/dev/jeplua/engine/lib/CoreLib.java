package dev.jeplua.engine.lib;

import dev.jeplua.engine.coroutine.EngineExit;
import dev.jeplua.engine.output.OutputBus;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * The base-library functions JEPLua replaces (installed after LuaJ's base, os libraries):
 * <pre>
 * print(...)                   tostring of each argument, tab-separated, newline; to the output bus
 * collectgarbage([opt [, arg]]) "count" -> KiB used (and the remainder in bytes), "collect" -> 0
 *                              (asks the JVM for a collection), "step" -> true, "isrunning" -> true,
 *                              "stop"/"restart"/"setpause"/"setstepmul"/"incremental"/"generational" -> 0
 * os.exit([code=true])         orderly engine shutdown with status code (true = 0, false = 1)
 * </pre>
 * {@code print} calls the global {@code tostring} (as lua.c does) and raises
 * {@code 'tostring' must return a string to 'print'} otherwise.
 */
public final class CoreLib extends TwoArgFunction {
    private final OutputBus output;

    /** @param output the engine's output bus */
    public CoreLib(OutputBus output) {
        this.output = output;
    }

    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaValue originalTostring = env.get("tostring");
        env.set("print", new NamedFunction("print", a -> print(env, originalTostring, a)));
        env.set("collectgarbage", new NamedFunction("collectgarbage", CoreLib::collectgarbage));
        LuaValue os = env.get("os");
        if (os.istable()) {
            os.set("exit", new NamedFunction("exit", a -> {
                LuaValue code = a.arg1();
                int status = code.isnil() ? 0 : code.isboolean() ? (code.toboolean() ? 0 : 1) : code.checkint();
                throw new EngineExit(status);
            }));
        }
        return env;
    }

    private Varargs print(LuaValue env, LuaValue originalTostring, Varargs a) {
        int n = a.narg();
        LuaValue tostring = env.get("tostring");
        boolean fast = tostring == originalTostring;
        LuaString[] parts = new LuaString[n];
        int size = n == 0 ? 1 : n;
        for (int i = 0; i < n; i++) {
            LuaValue v = a.arg(i + 1);
            LuaValue s;
            if (fast && v.type() == TSTRING) {
                s = v;
            } else {
                s = tostring.call(v);
                if (!s.isstring()) {
                    throw new LuaError("'tostring' must return a string to 'print'");
                }
            }
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

    private static Varargs collectgarbage(Varargs a) {
        String opt = a.optjstring(1, "collect");
        Runtime rt = Runtime.getRuntime();
        switch (opt) {
            case "count": {
                long used = rt.totalMemory() - rt.freeMemory();
                return varargsOf(valueOf(used / 1024.0), valueOf(used % 1024));
            }
            case "collect":
                System.gc();
                return valueOf(0);
            case "step":
            case "isrunning":
                return TRUE;
            case "stop":
            case "restart":
            case "setpause":
            case "setstepmul":
            case "incremental":
            case "generational":
                return valueOf(0);
            default:
                throw new LuaError("bad argument #1 to 'collectgarbage' (invalid option '" + opt + "')");
        }
    }
}
