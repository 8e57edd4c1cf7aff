package org.luaj.vm2.lib;

import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.Prototype;

/**
 * The most Lua calls one coroutine may have active at once: {@value #MAX_CALLS}. One call more
 * raises a {@link StackOverflowError}, which {@code pcall}, {@code xpcall}, a coroutine and the
 * engine report as Lua's {@code stack overflow} error, as they report the JVM's own.
 *
 * <p>Why a limit of our own: without it a runaway recursion ran until the JVM's thread stack
 * ({@code -Xss128m}) was full, about a million compiled calls (230,000 interpreted), and the error
 * then took 9-13 s of CPU to unwind, one deoptimised JVM frame after another (the JIT compiles
 * each function's error handler as never taken), during which nothing else in the engine could
 * run or interrupt it. At 150,000 calls it takes 0.5-2.2 s (a loaded 2-core machine), and the depth of a
 * plain Lua recursion no longer depends on the mode or on which JIT tier compiled the frames (the
 * interpreter needs ~600-750 bytes of JVM stack per call, so it reaches the limit before the
 * stack's end; recursion through Java functions and metamethods may still meet the JVM's own
 * stack overflow first, reported the same way). Lua 5.4's own limit is a million stack slots
 * ({@code LUAI_MAXSTACK}): 100,000 to 300,000 calls of functions of usual size; Lua 5.1's was
 * 20,000 calls.
 *
 * <p>The check costs the common path nothing: the debug library's call stack (LuaJ's {@code
 * DebugLib.CallStack}, one frame per active call) is grown here, by half each time as LuaJ does,
 * but never past the limit; the fast paths of {@link CallStackHooks} push only while it has room
 * and otherwise take the debug library's path, which calls {@link #ensureRoom} first.
 *
 * <p>JEPLua's own class, in LuaJ's package for the call stack's package-private fields. Engine
 * thread only.
 */
public final class CallDepthLimit {
    /** Most Lua calls active at once on one coroutine (Java functions that record a frame included: {@code pcall}). */
    public static final int MAX_CALLS = 150_000;

    private CallDepthLimit() {}

    /**
     * The stack overflow raised at the limit. It knows where Lua 5.4 reports a stack overflow: at
     * the call the innermost active function was making ({@code chunk:line: }), which the JVM's own
     * {@code StackOverflowError} cannot tell.
     */
    public static final class Overflow extends StackOverflowError {
        private static final long serialVersionUID = 1L;

        /** {@code "chunk:line: "} of the call that went over the limit, or {@code ""} when unknown. */
        public final String where;

        Overflow(String where) {
            super("more than " + MAX_CALLS + " Lua calls active");
            this.where = where;
        }
    }

    private static String position(DebugLib.CallFrame frame) {
        if (!(frame.f instanceof LuaClosure c)) {
            return "";
        }
        Prototype p = c.p;
        int pc = frame.pc;
        return p.lineinfo != null && pc >= 0 && pc < p.lineinfo.length
                ? p.shortsource() + ":" + p.lineinfo[pc] + ": "
                : "";
    }

    /**
     * Makes room in the coroutine's call stack for one more call.
     *
     * @throws StackOverflowError when it has {@link #MAX_CALLS} calls active already
     */
    public static void ensureRoom(LuaThread thread) {
        if (!(thread.callstack instanceof DebugLib.CallStack cs)) {
            return; // LuaJ makes the call stack on the first call
        }
        int n = cs.frame.length;
        if (cs.calls < n) {
            return;
        }
        if (n >= MAX_CALLS) {
            throw new Overflow(position(cs.frame[n - 1]));
        }
        int size = Math.min(MAX_CALLS, Math.max(4, n * 3 / 2));
        DebugLib.CallFrame[] grown = java.util.Arrays.copyOf(cs.frame, size);
        for (int i = n; i < size; i++) {
            grown[i] = new DebugLib.CallFrame();
            if (i > 0) {
                grown[i].previous = grown[i - 1];
            }
        }
        cs.frame = grown;
    }
}
