package dev.jeplua.engine.errors;

import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.CallStackHooks;

/**
 * Read access to the running coroutine's call stack as LuaJ's debug library records it (through
 * {@link CallStackHooks}). Used for error messages (variable names, argument positions) and by
 * {@code collectgarbage} to drop dead registers. Engine thread only; every method answers
 * null/-1/empty when there is no call stack.
 */
public final class LuaFrames {
    private LuaFrames() {}

    /**
     * One Lua function's activation.
     *
     * @param closure the running Lua function
     * @param pc      index of the instruction being executed (0-based)
     * @param stack   its register array (shared with the interpreter: writes are seen by it)
     */
    public record Frame(LuaClosure closure, int pc, LuaValue[] stack) {
        /** The source line of the instruction being executed, or -1 when the chunk has no line information. */
        public int line() {
            int[] lines = closure.p.lineinfo;
            return lines != null && pc >= 0 && pc < lines.length ? lines[pc] : -1;
        }

        /** {@code chunk:line} as error messages show it ({@code s.lua:3}), or the chunk alone without a line. */
        public String position() {
            int line = line();
            String chunk = ChunkNames.shortsource(closure.p.source);
            return line < 0 ? chunk : chunk + ":" + line;
        }
    }

    /** The frame {@code level} levels up (1 = innermost), or null when it is not a Lua function. */
    public static Frame at(Globals globals, int level) {
        LuaThread t = globals.running;
        return t == null || level < 1 ? null : frame(t, CallStackHooks.depth(t) - level);
    }

    /**
     * The innermost frame when it is a Lua function, else null (raised inside a Java function:
     * the message is its own).
     */
    public static Frame innermost(Globals globals) {
        LuaThread t = globals.running;
        if (t == null) {
            return null;
        }
        for (int k = CallStackHooks.depth(t) - 1; k >= 0; k--) {
            LuaFunction fn = CallStackHooks.function(t, k);
            if (fn != null) {
                return frame(t, k);
            }
        }
        return null;
    }

    /** Every Lua frame of the running coroutine, innermost first. */
    public static List<Frame> all(Globals globals) {
        return all(globals.running);
    }

    /**
     * Every Lua frame of {@code t}, innermost first: for a suspended coroutine, where it waits.
     * Engine thread, or any thread once the engine's loop has ended (nothing changes the frames then).
     *
     * @param t a coroutine, or null (no frames)
     */
    public static List<Frame> all(LuaThread t) {
        List<Frame> out = new ArrayList<>();
        if (t != null) {
            for (int k = CallStackHooks.depth(t) - 1; k >= 0; k--) {
                Frame f = frame(t, k);
                if (f != null) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    /**
     * Number of frames on the running coroutine's debug call stack, or -1 when unknown. Used by
     * {@code pcall} to drop frames a stack overflow left behind.
     */
    public static int depth(Globals globals) {
        LuaThread t = globals.running;
        return t == null || t.callstack == null ? -1 : CallStackHooks.depth(t);
    }

    private static Frame frame(LuaThread t, int k) {
        return CallStackHooks.function(t, k) instanceof LuaClosure c
                ? new Frame(c, CallStackHooks.pc(t, k), CallStackHooks.registers(t, k))
                : null;
    }
}
