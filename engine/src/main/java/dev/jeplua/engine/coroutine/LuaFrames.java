package dev.jeplua.engine.coroutine;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaValue;

/**
 * Read access to the running coroutine's call stack as LuaJ's debug library records it
 * (read reflectively: LuaJ keeps {@code DebugLib.CallStack} package-private). Used for error
 * messages (variable names, argument positions) and by {@code collectgarbage} to drop dead
 * registers. Engine thread only; every method answers null/-1/empty when the debug library's
 * layout is not the expected one.
 */
public final class LuaFrames {
    private static Field frames;
    private static Field calls;
    private static Field function;
    private static Field pcField;
    private static Field stackField;
    private static boolean unavailable;

    private LuaFrames() {
    }

    /**
     * One Lua function's activation.
     *
     * @param closure the running Lua function
     * @param pc      index of the instruction being executed (0-based)
     * @param stack   its register array (shared with the interpreter: writes are seen by it)
     */
    public record Frame(LuaClosure closure, int pc, LuaValue[] stack) {
    }

    /** The frame {@code level} levels up (1 = innermost), or null when it is not a Lua function. */
    public static Frame at(Globals globals, int level) {
        Object cs = callStack(globals);
        if (cs == null || level < 1) {
            return null;
        }
        try {
            Object[] fr = (Object[]) frames.get(cs);
            int k = calls.getInt(cs) - level;
            return k < 0 ? null : frame(fr[k]);
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    /**
     * The innermost frame when it is a Lua function, else null (raised inside a Java function:
     * the message is its own).
     */
    public static Frame innermost(Globals globals) {
        Object cs = callStack(globals);
        if (cs == null) {
            return null;
        }
        try {
            Object[] fr = (Object[]) frames.get(cs);
            for (int k = calls.getInt(cs) - 1; k >= 0; k--) {
                Object fn = function.get(fr[k]);
                if (fn instanceof LuaClosure) {
                    return frame(fr[k]);
                }
                if (fn != null) {
                    return null;
                }
            }
            return null;
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    /** Every Lua frame of the running coroutine, innermost first. */
    public static List<Frame> all(Globals globals) {
        List<Frame> out = new ArrayList<>();
        Object cs = callStack(globals);
        if (cs == null) {
            return out;
        }
        try {
            Object[] fr = (Object[]) frames.get(cs);
            for (int k = calls.getInt(cs) - 1; k >= 0; k--) {
                Frame f = frame(fr[k]);
                if (f != null) {
                    out.add(f);
                }
            }
        } catch (IllegalAccessException e) {
            out.clear();
        }
        return out;
    }

    /** Number of frames on the running coroutine's debug call stack, or -1 when unknown. */
    public static int depth(Globals globals) {
        Object cs = callStack(globals);
        try {
            return cs == null ? -1 : calls.getInt(cs);
        } catch (IllegalAccessException e) {
            return -1;
        }
    }

    private static Frame frame(Object f) throws IllegalAccessException {
        Object fn = function.get(f);
        return fn instanceof LuaClosure c ? new Frame(c, pcField.getInt(f), (LuaValue[]) stackField.get(f)) : null;
    }

    private static Object callStack(Globals globals) {
        Object cs = globals.running == null ? null : globals.running.callstack;
        return cs != null && init(cs.getClass()) ? cs : null;
    }

    private static synchronized boolean init(Class<?> callStack) {
        if (frames != null) {
            return true;
        }
        if (unavailable) {
            return false;
        }
        try {
            frames = accessible(callStack.getDeclaredField("frame"));
            calls = accessible(callStack.getDeclaredField("calls"));
            Class<?> frame = frames.getType().getComponentType();
            function = accessible(frame.getDeclaredField("f"));
            pcField = accessible(frame.getDeclaredField("pc"));
            stackField = accessible(frame.getDeclaredField("stack"));
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            unavailable = true;
            frames = null;
            return false;
        }
    }

    private static Field accessible(Field f) {
        f.setAccessible(true);
        return f;
    }
}
