package dev.jeplua.engine.compile;

import dev.jeplua.engine.debug.InterruptibleDebugLib;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.CallStackHooks;

/**
 * Run-time checks generated bodies call on entry. Engine thread.
 */
public final class CompiledRuntime {
    private CompiledRuntime() {}

    /**
     * A compiled call's entry in one step: when the call may run compiled ({@link #mustInterpret}
     * is false), pushes its frame on the debug library's call stack as {@code onCall} does and
     * returns it (the handle its current instruction is recorded through, see
     * {@code CallStackHooks.setPc}); else returns null and pushes nothing (the caller runs the call
     * on the interpreter).
     *
     * @param g       the closure's globals, possibly null
     * @param cl      the closure called
     * @param stack   its registers
     * @param varargs its extra arguments
     * @return the call's frame, or null when the call must be interpreted
     */
    public static Object enter(Globals g, LuaClosure cl, LuaValue[] stack, Varargs varargs) {
        LuaThread t = compiledThread(g);
        if (t == null) {
            return null;
        }
        Object frame = CallStackHooks.enter(t, cl, stack);
        if (frame == null) {
            ((InterruptibleDebugLib) g.debuglib).onCall(cl, varargs, stack);
            frame = CallStackHooks.innermostFrame(t);
        }
        return frame;
    }

    /**
     * {@link #enter} for a direct call ({@code CompiledBody.call0}..{@code call3}) of a function
     * whose register array may be reused ({@code CallStackHooks.enterReusing}): pushes the frame
     * with a register array of at least {@code size} registers, all {@code nil}, and returns it
     * (its registers: {@code CallStackHooks.registers(frame)}); null when the call must be
     * interpreted, or the coroutine's call stack is not made yet or must grow (the caller then
     * calls the closure through LuaJ's {@code call}, which comes back through {@link #enter}).
     *
     * @param g    the closure's globals, possibly null
     * @param cl   the closure called
     * @param size its number of registers
     * @return the call's frame, or null
     */
    public static Object enterReusing(Globals g, LuaClosure cl, int size) {
        LuaThread t = compiledThread(g);
        return t == null ? null : CallStackHooks.enterReusing(t, cl, size);
    }

    /**
     * The debug library of a compiled call's closure, read once at the start of its code: the
     * engine's ({@link #enter} and {@link #enterReusing} let a call run compiled only then).
     *
     * @param g the closure's globals
     * @return their debug library
     */
    public static InterruptibleDebugLib debugLib(Globals g) {
        return (InterruptibleDebugLib) g.debuglib;
    }

    /**
     * The exceptional exit of a compiled body whose register array is reused
     * ({@link Emitter#reusesRegisters}), in one call so that it is a few bytes of the body (C2
     * compiles it with the rest): the interpreter's {@code catch} ({@code CompiledSupport.fail}:
     * the error's position and traceback), then its {@code finally} as the normal exit does
     * ({@code onReturnKeeping}).
     *
     * @param cl    the closure running
     * @param t     what was thrown
     * @param frame the call's frame
     * @param dl    the debug library
     * @param stack the call's register array
     * @param size  its number of registers
     * @return the error to throw
     */
    public static Throwable failKeeping(
            LuaClosure cl, Throwable t, Object frame, InterruptibleDebugLib dl, LuaValue[] stack, int size) {
        Throwable r = org.luaj.vm2.CompiledSupport.fail(cl, t, frame);
        dl.onReturnKeeping(stack, size);
        return r;
    }

    /**
     * The running coroutine when a call may run compiled: the globals are the engine's (its
     * debug library), and no hook is set or pending on the coroutine; otherwise null.
     */
    private static LuaThread compiledThread(Globals g) {
        if (g == null || !(g.debuglib instanceof InterruptibleDebugLib d)) {
            return null;
        }
        LuaThread t = g.running;
        if (t == null) {
            return null;
        }
        LuaThread.State s = t.state;
        if (s.hookfunc != null || s.inhook || (d.pendingNow() && d.hook() != null)) {
            return null;
        }
        return t;
    }

    /**
     * True when a call must run on LuaJ's interpreter rather than compiled: the closure has no
     * engine globals, the debug library is not the engine's, a debugger is attached, or the
     * running coroutine has a hook set with {@code debug.sethook} (the interpreter calls hooks at
     * each instruction, line and call; compiled code does not).
     *
     * @param g the closure's globals, possibly null
     */
    public static boolean mustInterpret(Globals g) {
        if (g == null || !(g.debuglib instanceof InterruptibleDebugLib d)) {
            return true;
        }
        if (d.pendingNow() && d.hook() != null) {
            return true;
        }
        LuaThread t = g.running;
        return t == null || t.state.hookfunc != null || t.state.inhook;
    }
}
