package dev.jeplua.engine.coroutine;

import dev.jeplua.engine.session.ExecutionContext;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * One unit of work for the event loop: call {@code function(args...)} inside a fresh coroutine
 * on the engine thread, then report how it ended to {@link #done}.
 *
 * <p>Subclasses (timers, executions) override {@link #done} to report errors or complete a
 * future. {@code done} runs on the engine thread, exactly once, when the coroutine finishes —
 * which is later than the call returning if the callback yielded. It must not yield.
 */
public class CallbackTask {
    /** The Lua function (or Java {@code LuaFunction}) to call. */
    protected LuaValue function;
    /** Arguments passed to the function. */
    protected Varargs args;
    /** Callback kind for error reports: "timer", "interval", "immediate", "main chunk", ... */
    protected final String kind;
    /** Session / capture / interruption state the callback runs under. */
    protected ExecutionContext context;

    /**
     * @param function function to call (a Lua function or a Java {@code LuaFunction})
     * @param args     its arguments ({@code LuaValue.NONE} for none)
     * @param kind     callback kind, used in "error in &lt;kind&gt; callback" reports
     * @param context  execution context; {@link ExecutionContext#NONE} for plain script code
     */
    public CallbackTask(LuaValue function, Varargs args, String kind, ExecutionContext context) {
        this.function = function;
        this.args = args;
        this.kind = kind;
        this.context = context;
    }

    /** Callback kind, e.g. {@code "timer"}. */
    public String kind() {
        return kind;
    }

    /**
     * Called once on the engine thread when the callback's coroutine ends.
     *
     * @param results   the values it returned, or null if it raised
     * @param error     the error value if it raised (a Lua string or any Lua value), else null
     * @param traceback the traceback recorded where the error was raised, or null
     */
    protected void done(Varargs results, LuaValue error, String traceback) {}
}
