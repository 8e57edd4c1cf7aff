package dev.jeplua.engine.output;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.luaj.vm2.LuaValue;

/**
 * Reports errors raised by callbacks that nobody else receives (timers, network events, window
 * events ...) on stderr and counts them, so the command line can end a script run with status 1
 * when any callback failed (docs/exit-status.md).
 *
 * <p>{@link #report} is engine thread only; {@link #count} any thread.
 */
public final class CallbackErrors {
    private final OutputBus output;
    private final PrintStream stderr;
    private final AtomicInteger count = new AtomicInteger();

    /**
     * @param output the bus flushed first, so what the script printed before the error comes before it
     * @param stderr where reports go
     */
    public CallbackErrors(OutputBus output, PrintStream stderr) {
        this.output = output;
        this.stderr = stderr;
    }

    /**
     * Prints {@code jeplua: error in <kind> callback: <message>} and the traceback, and counts it.
     *
     * @param kind      callback kind ({@code timer}, {@code http} ...)
     * @param error     the Lua error value
     * @param traceback traceback text, or null
     */
    public void report(String kind, LuaValue error, String traceback) {
        count.incrementAndGet();
        output.flush();
        StringBuilder sb = new StringBuilder("jeplua: error in ")
                .append(kind)
                .append(" callback: ")
                .append(error.tojstring());
        if (traceback != null) {
            sb.append('\n').append(traceback);
        }
        stderr.println(sb);
        stderr.flush();
    }

    /** How many errors were reported so far. Any thread. */
    public int count() {
        return count.get();
    }
}
