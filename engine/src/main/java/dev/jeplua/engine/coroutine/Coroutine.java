package dev.jeplua.engine.coroutine;

import dev.jeplua.engine.session.ExecutionContext;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;

/**
 * A Lua coroutine ({@code type(co) == "thread"}) whose body runs on a {@link Fiber} instead of
 * LuaJ's one-OS-thread-per-coroutine implementation.
 *
 * <p>Callbacks (timers, immediates, network events, REPL executions) each get their own
 * {@code Coroutine} object but share a runner fiber until one of them yields; coroutines made
 * with {@code coroutine.create} get a fiber when first resumed. Status lives in LuaJ's
 * {@code state.status} so {@link #getStatus()} and the debug library keep working.
 * Engine thread only.
 */
public final class Coroutine extends LuaThread {
    /** What kind of callback this coroutine runs ("timer", "interval", "main chunk", ...); used in error reports. */
    final String kind;
    /** The task whose completion this coroutine's death reports, or null for {@code coroutine.create} ones. */
    final CallbackTask task;

    Fiber fiber;
    Coroutine resumer;
    /** The traceback recorded when the last error was raised inside this coroutine, or null. */
    String lastTraceback;
    /** The error object this coroutine died with, or null (kept for {@code coroutine.close}). */
    LuaValue deathError;
    /** Client session, output capture and interruption state of the code this coroutine runs for. */
    ExecutionContext context;
    /** What it waits for while suspended ({@code sleep(100)}, {@code yield}), or null when not suspended. */
    String waitingFor;
    /** True once it is in the scheduler's list of coroutines that have yielded (added at its first yield). */
    boolean listed;

    Coroutine(Globals globals, LuaValue body, String kind, CallbackTask task, ExecutionContext context) {
        super(globals, body);
        this.kind = kind;
        this.task = task;
        this.context = context;
    }

    /** The main (driver) coroutine: never yields; its status is always running or normal. */
    Coroutine(Globals globals) {
        super(globals);
        this.kind = "main";
        this.task = null;
        this.context = ExecutionContext.NONE;
    }

    /** Kind of callback this coroutine was created for, e.g. {@code "timer"}. */
    public String kind() {
        return kind;
    }

    /** The execution context (session, output capture, interruption) of this coroutine. Never null. */
    public ExecutionContext context() {
        return context;
    }

    /**
     * What this coroutine waits for while it is suspended: {@code sleep(ms)}, or {@code yield}
     * for a plain {@code coroutine.yield} (and waits of host libraries that say nothing more);
     * null while it runs or once it is dead.
     */
    public String waitingFor() {
        return waitingFor;
    }

    /** Traceback recorded at the most recent error raised in this coroutine, or null. */
    public String lastTraceback() {
        return lastTraceback;
    }

    boolean isDead() {
        return state.status == STATUS_DEAD;
    }
}
