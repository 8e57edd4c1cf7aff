package org.luaj.vm2;

import org.luaj.vm2.lib.CallStackHooks;
import org.luaj.vm2.lib.DebugLib;

/**
 * The parts of LuaJ's interpreter loop ({@code LuaClosure.execute}) that compiled bodies call
 * instead of inlining them, with the interpreter's exact steps: the error hooks, the cleanup
 * when a call ends, upvalue capture and closing, {@code CONCAT}, numeric and generic {@code for},
 * {@code SETLIST}. Stateless; engine thread.
 */
public final class CompiledSupport {
    private CompiledSupport() {}

    /**
     * What the interpreter's {@code catch} does with {@code t} thrown in {@code cl}'s body: a
     * {@link LuaError} without traceback gets the position of the current instruction and the
     * error handler's traceback; another exception becomes a {@link LuaError} the same way;
     * errors ({@code StackOverflowError}, interruptions) pass unchanged.
     *
     * @param cl    the running closure
     * @param t     what was thrown
     * @param frame the closure's call-stack frame (its pc is the current instruction)
     * @return what to rethrow
     */
    public static Throwable fail(LuaClosure cl, Throwable t, Object frame) {
        int pc = frame == null ? -1 : CallStackHooks.pc(frame);
        if (t instanceof LuaError le) {
            if (le.traceback == null) {
                errorHooks(cl, le, pc);
            }
            return le;
        }
        if (t instanceof Exception) {
            LuaError le = new LuaError(t);
            errorHooks(cl, le, pc);
            return le;
        }
        return t;
    }

    private static void errorHooks(LuaClosure cl, LuaError le, int pc) {
        Prototype p = cl.p;
        le.fileline = (p.source != null ? p.source.tojstring() : "?") + ":"
                + (p.lineinfo != null && pc >= 0 && pc < p.lineinfo.length ? String.valueOf(p.lineinfo[pc]) : "?");
        le.traceback = cl.errorHook(le.getMessage(), le.level);
    }

    /**
     * The interpreter's {@code catch} and then {@code finally} on an error, in one call so that a
     * compiled body's exceptional exit is a few bytes (the JIT compiles it with the rest of the
     * body): {@link #fail}, then {@link #exit}.
     *
     * @return the error to throw
     */
    public static Throwable failExit(LuaClosure cl, Throwable t, Object frame, UpValue[] openups, DebugLib debug) {
        Throwable r = fail(cl, t, frame);
        exit(openups, debug);
        return r;
    }

    /**
     * The interpreter's {@code finally}: closes the open upvalues, then tells the debug library
     * the call returned.
     *
     * @param openups the open upvalues, or null
     * @param debug   the debug library
     */
    public static void exit(UpValue[] openups, DebugLib debug) {
        if (openups != null) {
            for (int u = openups.length; --u >= 0; ) {
                if (openups[u] != null) {
                    openups[u].close();
                }
            }
        }
        debug.onReturn();
    }

    /** The open upvalue of register {@code idx}, created when there is none. */
    static UpValue findupval(LuaValue[] stack, short idx, UpValue[] openups) {
        final int n = openups.length;
        for (int i = 0; i < n; ++i) {
            if (openups[i] != null && openups[i].index == idx) {
                return openups[i];
            }
        }
        for (int i = 0; i < n; ++i) {
            if (openups[i] == null) {
                return openups[i] = new UpValue(stack, idx);
            }
        }
        LuaValue.error("No space for upvalue");
        return null;
    }

    /** {@code JMP} with A > 0: closes the upvalues of registers {@code from} and up. */
    public static void close(UpValue[] openups, int from) {
        if (openups == null) {
            return;
        }
        for (int b = openups.length; --b >= 0; ) {
            if (openups[b] != null && openups[b].index >= from) {
                openups[b].close();
                openups[b] = null;
            }
        }
    }

    /**
     * {@code t[k]} for a constant string key ({@code GETTABLE}/{@code GETTABUP}/{@code SELF} with
     * a string constant, e.g. {@code o.x}, {@code o:m()}, a global): what {@code t.get(k)} gives,
     * with a plain table's hash part read directly ({@link TableAccess#hashget}: a string key is
     * never in the array part) instead of through {@code get}, {@code rawget} and {@code hashget}.
     * Generated code calls it through {@code CompiledAt.getField}, off that method's fast path.
     *
     * @param t the value indexed
     * @param k the key
     * @return the value, {@code __index} followed as {@code get} does
     */
    public static LuaValue getField(LuaValue t, LuaString k) {
        if (t.getClass() == LuaTable.class) {
            LuaTable table = (LuaTable) t;
            LuaValue v = TableAccess.hashget(table, k);
            if (!v.isnil() || table.m_metatable == null) {
                return v;
            }
            return TableAccess.get(table, k);
        }
        return t.get(k);
    }

    /**
     * {@code t[k] = v} for a constant string key ({@code SETTABLE}/{@code SETTABUP} with a string
     * constant, e.g. {@code o.x = v}): what {@code t.set(k, v)} does, storing directly into the
     * entry of an existing key of a plain table ({@link TableAccess#setExisting}).
     */
    public static void setField(LuaValue t, LuaString k, LuaValue v) {
        if (t.getClass() != LuaTable.class || !TableAccess.setExisting((LuaTable) t, k, v)) {
            t.set(k, v);
        }
    }

    /** {@code CONCAT}: registers {@code b} to {@code c} joined. */
    public static LuaValue concat(LuaValue[] stack, int b, int c) {
        if (c > b + 1) {
            Buffer sb = stack[c].buffer();
            while (--c >= b) {
                sb = stack[c].concat(sb);
            }
            return sb.value();
        }
        return stack[c - 1].concat(stack[c]);
    }

    /** {@code FORPREP}: checks and prepares the numeric {@code for} in registers {@code a..a+2}. */
    public static void forprep(LuaValue[] stack, int a) {
        LuaValue init = stack[a].checknumber("'for' initial value must be a number");
        LuaValue limit = stack[a + 1].checknumber("'for' limit must be a number");
        LuaValue step = stack[a + 2].checknumber("'for' step must be a number");
        stack[a] = init.sub(step);
        stack[a + 1] = limit;
        stack[a + 2] = step;
    }

    /** {@code FORLOOP}: steps the loop; true when the body runs again. */
    public static boolean forloop(LuaValue[] stack, int a) {
        LuaValue limit = stack[a + 1];
        LuaValue step = stack[a + 2];
        LuaValue idx = step.add(stack[a]);
        if (step.gt_b(0) ? idx.lteq_b(limit) : idx.gteq_b(limit)) {
            stack[a] = idx;
            stack[a + 3] = idx;
            return true;
        }
        return false;
    }

    /** {@code TFORCALL}: calls the iterator and stores {@code c} results from register {@code a+3}. */
    public static void tforcall(LuaValue[] stack, int a, int c) {
        Varargs v = stack[a].invoke(LuaValue.varargsOf(stack[a + 1], stack[a + 2]));
        while (--c >= 0) {
            stack[a + 3 + c] = v.arg(c + 1);
        }
    }

    /** {@code SETLIST} with a fixed count {@code b}. */
    public static void setlist(LuaValue[] stack, int a, int offset, int b) {
        LuaValue o = stack[a];
        o.presize(offset + b);
        for (int j = 1; j <= b; j++) {
            o.set(offset + j, stack[a + j]);
        }
    }

    /** {@code SETLIST} up to the top of the stack ({@code B = 0}). */
    public static void setlist(LuaValue[] stack, int a, int offset, int top, Varargs v) {
        LuaValue o = stack[a];
        int b = top - a - 1;
        int m = b - v.narg();
        int j = 1;
        for (; j <= m; j++) {
            o.set(offset + j, stack[a + j]);
        }
        for (; j <= b; j++) {
            o.set(offset + j, v.arg(j - m));
        }
    }

    /** The multiple results of a call with C = 0, or the arguments B = 0: registers and then {@code v}. */
    public static Varargs upToTop(LuaValue[] stack, int from, int top, Varargs v) {
        return LuaValue.varargsOf(stack, from, top - v.narg() - from, v);
    }

    /** Copies {@code n} results of {@code v} into registers {@code a..a+n-1}. */
    public static void results(LuaValue[] stack, int a, Varargs v, int n) {
        for (int c = n; c > 0; c--) {
            stack[a + c - 1] = v.arg(c);
        }
    }

    /** {@code VARARG} with a fixed count: {@code n} extra arguments into registers from {@code a}. */
    public static void varargs(LuaValue[] stack, int a, Varargs varargs, int n) {
        for (int j = 1; j <= n; ++j) {
            stack[a + j - 1] = varargs.arg(j);
        }
    }
}
