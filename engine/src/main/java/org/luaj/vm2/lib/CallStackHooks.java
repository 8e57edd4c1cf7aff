package org.luaj.vm2.lib;

import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;

/**
 * Lock-free access to the call stack LuaJ's debug library keeps for each coroutine
 * ({@code DebugLib.CallStack}, one {@code CallFrame} per active call: function, current pc,
 * varargs, registers).
 *
 * <p>LuaJ updates that stack through {@code synchronized} methods at every call, return and
 * instruction, because in LuaJ each coroutine runs on its own Java thread and may be inspected
 * from another. JEPLua runs all Lua code of an engine on one logical thread of control (its
 * coroutines are fibers handed the control explicitly), so the locking only costs time: about
 * half of the run time of call-heavy Lua code. The fast paths here write the same fields the
 * same way without the lock; the engine's debug library uses them whenever no debug hook is
 * set (a hook takes LuaJ's own path). Readers ({@code debug.traceback}, error messages) run on
 * the same thread of control.
 *
 * <p>JEPLua's own class; it lives in LuaJ's package only because the call stack's classes and
 * fields are package-private. Engine thread only.
 */
public final class CallStackHooks {
    private CallStackHooks() {}

    /**
     * Records the instruction {@code pc} of the innermost frame, as {@code onInstruction} does
     * (without the frame's varargs and top, which LuaJ records but never reads).
     *
     * @return false when the coroutine has no call stack yet (use LuaJ's path)
     */
    public static boolean instruction(LuaThread thread, int pc) {
        if (!(thread.callstack instanceof DebugLib.CallStack cs)) {
            return false;
        }
        int n = cs.calls;
        if (n > 0) {
            cs.frame[n - 1].pc = pc;
        }
        return true;
    }

    /**
     * Pushes a frame for a Lua function call, as {@code onCall} does (without the varargs,
     * which LuaJ records but never reads).
     *
     * @return false when the coroutine has no call stack yet or it must grow (use LuaJ's path)
     */
    public static boolean call(LuaThread thread, LuaClosure closure, LuaValue[] stack) {
        return enter(thread, closure, stack) != null;
    }

    /**
     * Pushes a frame for a Lua function call as {@link #call} does and returns it, as an opaque
     * handle for {@link #setPc} (one step for a compiled function's entry).
     *
     * @return the new frame, or null when the coroutine has no call stack yet or it must grow
     *     (use LuaJ's path)
     */
    public static Object enter(LuaThread thread, LuaClosure closure, LuaValue[] stack) {
        if (!(thread.callstack instanceof DebugLib.CallStack cs) || cs.calls >= cs.frame.length) {
            return null;
        }
        DebugLib.CallFrame f = cs.frame[cs.calls++];
        f.f = closure;
        f.pc = 0;
        f.stack = stack;
        return f;
    }

    /**
     * Pushes a frame for a compiled Lua function call as {@link #enter} does, with a register
     * array of at least {@code size} registers, all {@code nil}: the array the frame at this depth
     * kept from the last call that returned through {@link #retKeeping} (reused), or a new one. Only
     * for functions whose register array no object refers to once they return (no open upvalue,
     * no {@code Varargs} over the array: docs/compiled-tier.md, "Register arrays reused").
     *
     * @param size the function's number of registers ({@code maxstacksize})
     * @return the new frame (its registers: {@link #registers(Object)}), or null when the
     *     coroutine has no call stack yet or it must grow (use LuaJ's path)
     */
    public static Object enterReusing(LuaThread thread, LuaClosure closure, int size) {
        if (!(thread.callstack instanceof DebugLib.CallStack cs) || cs.calls >= cs.frame.length) {
            return null;
        }
        DebugLib.CallFrame f = cs.frame[cs.calls++];
        LuaValue[] s = f.stack;
        if (s == null || s.length < size) {
            s = new LuaValue[size];
            for (int r = 0; r < size; r++) {
                s[r] = LuaValue.NIL;
            }
            f.stack = s;
        }
        f.f = closure;
        f.pc = 0;
        return f;
    }

    /** The register array of a frame from {@link #enter}, {@link #enterReusing} or {@link #innermostFrame}. */
    public static LuaValue[] registers(Object frame) {
        return ((DebugLib.CallFrame) frame).stack;
    }

    /**
     * Pops the innermost frame as {@link #ret} does, but leaves its register array {@code stack}
     * in it, its first {@code size} registers set to {@code nil} (so the array keeps no value
     * alive), for the next {@link #enterReusing} at this depth. A frame whose array is another
     * is popped as {@link #ret} pops it. No call inside (it cannot be cut short by a stack
     * overflow half-way).
     *
     * @return false when the coroutine has no call stack yet (use LuaJ's path)
     */
    public static boolean retKeeping(LuaThread thread, LuaValue[] stack, int size) {
        if (!(thread.callstack instanceof DebugLib.CallStack cs)) {
            return false;
        }
        if (cs.calls > 0) {
            DebugLib.CallFrame f = cs.frame[--cs.calls];
            f.f = null;
            f.v = null;
            if (f.stack == stack) {
                clear(stack, size);
            } else {
                f.stack = null;
            }
        }
        return true;
    }

    /**
     * Sets registers {@code 0 .. size-1} to {@code nil}: unrolled up to 8 (no loop, so the JIT
     * compiles no separate loop for the common sizes, and folds the switch when {@code size} is a
     * constant of the caller).
     */
    @SuppressWarnings("fallthrough")
    private static void clear(LuaValue[] stack, int size) {
        LuaValue nil = LuaValue.NIL;
        switch (size) {
            default:
                java.util.Arrays.fill(stack, 8, size, nil);
            // fall through
            case 8:
                stack[7] = nil;
            // fall through
            case 7:
                stack[6] = nil;
            // fall through
            case 6:
                stack[5] = nil;
            // fall through
            case 5:
                stack[4] = nil;
            // fall through
            case 4:
                stack[3] = nil;
            // fall through
            case 3:
                stack[2] = nil;
            // fall through
            case 2:
                stack[1] = nil;
            // fall through
            case 1:
                stack[0] = nil;
            // fall through
            case 0:
        }
    }

    /**
     * Pops the innermost frame, as {@code onReturn} does.
     *
     * @return false when the coroutine has no call stack yet (use LuaJ's path)
     */
    public static boolean ret(LuaThread thread) {
        if (!(thread.callstack instanceof DebugLib.CallStack cs)) {
            return false;
        }
        if (cs.calls > 0) {
            cs.frame[--cs.calls].reset();
        }
        return true;
    }

    /**
     * The innermost frame of {@code thread}'s call stack, as an opaque handle for {@link #pc(Object)}
     * and {@link #setPc}: compiled Lua functions record their current instruction through it.
     *
     * @return the frame, or null when the coroutine has no call stack or no frame
     */
    public static Object innermostFrame(LuaThread thread) {
        if (!(thread.callstack instanceof DebugLib.CallStack cs) || cs.calls == 0) {
            return null;
        }
        return cs.frame[cs.calls - 1];
    }

    /** Sets the current instruction of a frame from {@link #innermostFrame} (as {@code onInstruction} does). */
    public static void setPc(Object frame, int pc) {
        ((DebugLib.CallFrame) frame).pc = pc;
    }

    /** The current instruction of a frame from {@link #innermostFrame}. */
    public static int pc(Object frame) {
        return ((DebugLib.CallFrame) frame).pc;
    }

    /** Number of frames on the coroutine's call stack (0 when it has none). */
    public static int depth(LuaThread thread) {
        return thread.callstack instanceof DebugLib.CallStack cs ? cs.calls : 0;
    }

    /** The function of frame {@code k} (0 = outermost, {@code depth - 1} = innermost), or null. */
    public static LuaFunction function(LuaThread thread, int k) {
        DebugLib.CallFrame f = frame(thread, k);
        return f == null ? null : f.f;
    }

    /** The current instruction index of frame {@code k}, or -1. */
    public static int pc(LuaThread thread, int k) {
        DebugLib.CallFrame f = frame(thread, k);
        return f == null ? -1 : f.pc;
    }

    /** The register array of frame {@code k} (null for a Java function's frame). */
    public static LuaValue[] registers(LuaThread thread, int k) {
        DebugLib.CallFrame f = frame(thread, k);
        return f == null ? null : f.stack;
    }

    /**
     * The name the caller of frame {@code k} called it by ({@code "global f"}, {@code "method m"},
     * {@code "local g"}...; LuaJ's {@code getfuncname} on the calling instruction), or null when
     * unknown (frame 0, a Java caller).
     */
    public static String functionName(LuaThread thread, int k) {
        DebugLib.CallFrame caller = frame(thread, k - 1);
        if (caller == null || !(caller.f instanceof LuaClosure)) {
            return null;
        }
        try {
            DebugLib.NameWhat nw = DebugLib.getfuncname(caller);
            return nw == null ? null : nw.namewhat + " " + nw.name;
        } catch (RuntimeException e) {
            return null; // a frame whose current instruction is not a call
        }
    }

    private static DebugLib.CallFrame frame(LuaThread thread, int k) {
        if (!(thread.callstack instanceof DebugLib.CallStack cs) || k < 0 || k >= cs.calls) {
            return null;
        }
        return cs.frame[k];
    }
}
