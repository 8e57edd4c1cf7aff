package dev.jeplua.engine.loop;

import dev.jeplua.engine.coroutine.CallbackTask;
import dev.jeplua.engine.coroutine.ErrorReporter;
import dev.jeplua.engine.session.ExecutionContext;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A timeout or interval in the {@link TimerQueue}; it is also the {@link CallbackTask} the loop
 * runs when it is due (one object per timer, reused by every tick of an interval).
 */
public final class Timer extends CallbackTask {
    final int id;
    final long periodNanos;
    final boolean system;
    long dueNanos;
    long seq;
    boolean cancelled;
    /** Where the script created it ({@code toString} gives {@code chunk:line}), or null. */
    Object site;

    private final ErrorReporter reporter;

    Timer(
            int id,
            LuaValue fn,
            Varargs args,
            long dueNanos,
            long periodNanos,
            boolean system,
            ExecutionContext context,
            ErrorReporter reporter) {
        super(fn, args, periodNanos > 0 ? "interval" : "timer", context);
        this.id = id;
        this.dueNanos = dueNanos;
        this.periodNanos = periodNanos;
        this.system = system;
        this.reporter = reporter;
    }

    /** Timer id as returned to Lua. */
    public int id() {
        return id;
    }

    /** True for intervals. */
    public boolean isInterval() {
        return periodNanos > 0;
    }

    /** Due time on the loop's ticker, ns. */
    public long dueNanos() {
        return dueNanos;
    }

    /** Period in ns for intervals, 0 for timeouts. */
    public long periodNanos() {
        return periodNanos;
    }

    /** Where the script created it, {@code chunk:line}, or null when not known (created from Java). */
    public String site() {
        return site == null ? null : site.toString();
    }

    /** True when created with {@code {system=true}}: does not keep the process alive. */
    public boolean isSystem() {
        return system;
    }

    @Override
    protected void done(Varargs results, LuaValue error, String traceback) {
        if (error != null) {
            reporter.report(kind, error, traceback);
        }
    }
}
