package dev.jeplua.engine.luaj;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.CallStackHooks;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.ThreeArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * To-be-closed variables, {@code local x <close> = v} (Lua 5.4 manual §3.3.8), for one engine.
 * LuaJ's virtual machine knows nothing of them, so the compiler ({@code Lua54Parser}) calls these
 * functions: {@link #push} when the variable is declared (its value must have a {@code __close}
 * metamethod, or be nil or false), {@link #close} where its block ends normally, where a
 * {@code break} or {@code goto} leaves it and before a {@code return} (whose values are packed with {@link #pack}
 * and unpacked with {@link #unpack} around the closing, so closing cannot disturb them).
 *
 * <p>When an error unwinds a Lua frame that still has variables to close, the debug library's
 * return hook ({@link #frameExit}) moves them to the coroutine's pending list; whoever catches the
 * error ({@code pcall}, {@code xpcall}, the engine for a callback's own error) then calls
 * {@link #closePending} with the error object, which calls each {@code __close(v, err)}, innermost
 * first. An error raised by a {@code __close} replaces the error being handled, and the
 * remaining variables get the new one, as in 5.4. A coroutine that dies with an error keeps its
 * variables pending, as 5.4 keeps them until {@code coroutine.close}.
 *
 * <p>Variables are kept per coroutine ({@link LuaThread}) with the depth of the Lua frame that
 * declared them. Engine thread only.
 */
public final class ToBeClosed {
    private static final LuaValue CLOSE = LuaValue.valueOf("__close");

    private final Globals globals;
    private final Map<LuaThread, Stack> stacks = new WeakHashMap<>();
    /** Number of variables open or pending in all coroutines: the return hook's fast check. */
    private int live;

    /**
     * {@code push(value, name, register)}: registers a variable; raises {@code variable 'x' got a
     * non-closable value}.
     */
    public final LuaValue push = new ThreeArgFunction() {
        {
            name = "tbc";
        }

        @Override
        public LuaValue call(LuaValue value, LuaValue varName, LuaValue register) {
            if (value.isnil() || value == FALSE) {
                value = NIL; // nothing to close, but it still counts for the block's closing
            } else if (value.metatag(CLOSE).isnil()) {
                throw new LuaError("variable '" + varName.tojstring() + "' got a non-closable value");
            }
            LuaThread t = globals.running;
            stack(t).open.add(new Entry(CallStackHooks.depth(t), register.toint(), value));
            live++;
            return NONE;
        }
    };

    /**
     * {@code close(r)}: closes the running frame's variables held in registers {@code r} and up,
     * innermost first (a block's end, a {@code break}, a {@code goto} or a {@code return} leaves them).
     */
    public final LuaValue close = new OneArgFunction() {
        {
            name = "tbc";
        }

        @Override
        public LuaValue call(LuaValue firstRegister) {
            LuaThread t = globals.running;
            Stack s = stacks.get(t);
            if (s == null) {
                return NONE;
            }
            int depth = CallStackHooks.depth(t);
            int first = firstRegister.toint();
            List<Entry> closing = new ArrayList<>();
            while (!s.open.isEmpty()) {
                Entry top = s.open.get(s.open.size() - 1);
                if (top.depth != depth || top.register < first) {
                    break;
                }
                closing.add(s.open.remove(s.open.size() - 1));
            }
            live -= closing.size();
            LuaValue error = callClose(closing, null);
            if (error != null) {
                throw new LuaError(error);
            }
            return NONE;
        }
    };

    /** {@code pack(...)}: the values of a {@code return}, held while variables are closed. */
    public static final LuaValue pack = new VarArgFunction() {
        {
            name = "tbc";
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaValue[] values = new LuaValue[args.narg()]; // a copy: the arguments may alias registers
            for (int i = 0; i < values.length; i++) {
                values[i] = args.arg(i + 1);
            }
            return new LuaUserdata(LuaValue.varargsOf(values));
        }
    };

    /** {@code unpack(p)}: the values {@link #pack} held. */
    public static final LuaValue unpack = new VarArgFunction() {
        {
            name = "tbc";
        }

        @Override
        public Varargs invoke(Varargs args) {
            return (Varargs) args.arg1().touserdata();
        }
    };

    private static final Map<Globals, ToBeClosed> ENGINES = new WeakHashMap<>();

    private ToBeClosed(Globals globals) {
        this.globals = globals;
    }

    /**
     * The to-be-closed variables of the engine whose globals these are (created on first use).
     * Any thread; callers keep the result (the return hook reads it at every return).
     */
    public static ToBeClosed of(Globals globals) {
        synchronized (ENGINES) {
            return ENGINES.computeIfAbsent(globals, ToBeClosed::new);
        }
    }

    /**
     * The return hook: a Lua frame of the running coroutine is about to be popped. Variables it
     * declared that are still open (its exit is an error) become pending. Cheap when no variable
     * is live anywhere. Engine thread.
     */
    public void frameExit() {
        if (live != 0) {
            pendFrame(); // out of line: this check is small enough to inline at every return
        }
    }

    private void pendFrame() {
        LuaThread t = globals.running;
        Stack s = stacks.get(t);
        if (s == null || s.open.isEmpty()) {
            return;
        }
        int depth = CallStackHooks.depth(t);
        while (!s.open.isEmpty() && s.open.get(s.open.size() - 1).depth >= depth) {
            s.pending.add(s.open.remove(s.open.size() - 1));
        }
    }

    /**
     * Closes the running coroutine's pending variables after an error, innermost first, each
     * with {@code __close(value, error)}. Call where the error is caught. Engine thread.
     *
     * @param error the error object being handled
     * @return the error object to go on with: {@code error}, or the one a {@code __close} raised
     */
    public LuaValue closePending(LuaValue error) {
        if (live == 0) {
            return error;
        }
        Stack s = stacks.get(globals.running);
        if (s == null || s.pending.isEmpty()) {
            return error;
        }
        List<Entry> closing = new ArrayList<>(s.pending);
        s.pending.clear();
        live -= closing.size();
        LuaValue replaced = callClose(closing, error == null ? LuaValue.NIL : error);
        return replaced != null ? replaced : error;
    }

    /**
     * Closes what {@code coroutine.close} finds in a coroutine that is dead or was just ended:
     * its pending and still-open variables, innermost first, each with {@code __close(v, error)}.
     *
     * @param error the error the coroutine died with, or null
     * @return the error to report ({@code error}, or one a {@code __close} raised), or null
     */
    public LuaValue closePending(LuaThread coroutine, LuaValue error) {
        Stack s = stacks.remove(coroutine);
        if (s == null) {
            return error;
        }
        List<Entry> closing = new ArrayList<>(s.pending);
        for (int i = s.open.size() - 1; i >= 0; i--) {
            closing.add(s.open.get(i));
        }
        live -= closing.size();
        return callClose(closing, error);
    }

    /** Calls {@code __close} of each entry in order; returns the last error raised (or {@code error} if given). */
    private static LuaValue callClose(List<Entry> closing, LuaValue error) {
        LuaValue current = error;
        for (Entry e : closing) {
            if (e.value.isnil()) {
                continue;
            }
            try {
                e.value.metatag(CLOSE).call(e.value, current == null ? LuaValue.NIL : current);
            } catch (LuaError failure) {
                LuaValue m = failure.getMessageObject();
                current = m == null ? LuaValue.NIL : m;
            }
        }
        return current;
    }

    private Stack stack(LuaThread t) {
        return stacks.computeIfAbsent(t, k -> new Stack());
    }

    private record Entry(int depth, int register, LuaValue value) {}

    private static final class Stack {
        final List<Entry> open = new ArrayList<>();
        final List<Entry> pending = new ArrayList<>();
    }
}
