package org.luaj.vm2.lib;

import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The call stack as a {@code debug.sethook} hook sees it in Lua 5.4 (manual §4.7, {@code
 * lua_Hook}, and §6.10, {@code debug.sethook}): the hook function is a call like any other, so
 * inside it {@code debug.getinfo(1)} is the hook itself and level 2 the function that caused the
 * event; and a return hook runs while the returning function is still on the stack, so {@code
 * debug.getlocal(2, i)} reads its locals.
 *
 * <p>LuaJ's {@code DebugLib} pushes no frame at all while a hook runs (its {@code onCall},
 * {@code onReturn} and {@code onInstruction} return at once when {@code inhook} is set), and pops
 * the returning frame before it calls the return hook. The engine's debug library
 * ({@code InterruptibleDebugLib}) uses these methods instead on those two paths. Pushes and pops
 * stay paired: a call made while a hook runs also returns while it runs ({@code inhook} is cleared
 * only when the hook function has returned).
 *
 * <p>JEPLua's own class; it lives in LuaJ's package only because the call stack and {@code
 * callHook} are package-private. Engine thread only.
 */
public final class HookFrames {
    private static final LuaValue RETURN = LuaValue.valueOf("return");
    private static final LuaValue CALL = LuaValue.valueOf("call");

    private HookFrames() {}

    /** Pushes the frame of a Lua function called while a hook runs (the hook function itself, or what it calls). */
    public static void callInHook(
            DebugLib lib, LuaThread thread, LuaClosure closure, Varargs varargs, LuaValue[] stack) {
        lib.callstack(thread).onCall(closure, varargs, stack);
    }

    /**
     * A Lua function call with a call hook set: pushes its frame at its first instruction (so the
     * hook's {@code currentline} for it is the function's first line, as in 5.4, not LuaJ's -1),
     * then calls the hook.
     */
    public static void callHooked(
            DebugLib lib, LuaThread thread, LuaClosure closure, Varargs varargs, LuaValue[] stack) {
        DebugLib.CallStack cs = lib.callstack(thread);
        cs.onCall(closure, varargs, stack);
        cs.frame[cs.calls - 1].pc = 0;
        lib.callHook(thread.state, CALL, LuaValue.NIL);
    }

    /** Pushes the frame of a Java function called while a hook runs (one that records its frame: {@code pcall}). */
    public static void callInHook(DebugLib lib, LuaThread thread, LuaFunction function) {
        lib.callstack(thread).onCall(function);
    }

    /** Records the current instruction of the innermost frame while a hook runs (for {@code currentline}). */
    public static void instructionInHook(DebugLib lib, LuaThread thread, int pc, Varargs varargs, int top) {
        lib.callstack(thread).onInstruction(pc, varargs, top);
    }

    /** Pops the frame of a call that returns while a hook runs. */
    public static void returnInHook(DebugLib lib, LuaThread thread) {
        lib.callstack(thread).onReturn();
    }

    /**
     * A return with a return hook set: calls the hook with the returning frame still on the stack,
     * then pops the frame (also when the hook raises an error, which then propagates).
     */
    public static void returnHooked(DebugLib lib, LuaThread thread) {
        try {
            lib.callHook(thread.state, RETURN, LuaValue.NIL);
        } finally {
            lib.callstack(thread).onReturn();
        }
    }
}
