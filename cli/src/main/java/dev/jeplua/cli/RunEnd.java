package dev.jeplua.cli;

import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.coroutine.Coroutine;
import dev.jeplua.engine.errors.LuaFrames;
import java.io.PrintStream;
import java.util.List;

/**
 * Turns the end of a script run into its exit status (docs/exit-status.md), beyond what the
 * engine's loop reports ({@code os.exit}'s status, 1 for a failed startup step, 130/143 for
 * signals):
 * <ul>
 *   <li><b>13</b> when the loop ran out of work while a startup step (the main chunk, an
 *       {@code -e} fragment, a {@code -l} module) was still suspended: it yielded and nothing that
 *       could resume it is left (no timer, request, server or window). Node.js ends an unsettled
 *       top-level {@code await} the same way. A warning on stderr names the line where it waits.
 *   <li><b>1</b> when a callback raised an error during the run (each was reported on stderr when
 *       it happened; the run went on), with a closing line saying how many.
 * </ul>
 * An explicit {@code os.exit(n)} keeps its status, and so does the interactive mode ({@code -i}).
 *
 * <p>{@link #stepStarted}/{@link #stepEnded} are called on the engine thread; {@link #status}
 * on the main thread after the engine's loop has ended.
 */
final class RunEnd {
    /** Exit status of a run whose main chunk was left suspended, as Node.js's for an unsettled top-level await. */
    static final int SUSPENDED = 13;

    private final PrintStream err;
    private volatile Coroutine step;
    private volatile String stepName;

    /** @param err where the warning and the closing line go */
    RunEnd(PrintStream err) {
        this.err = err;
    }

    /**
     * A startup step starts running in {@code co}. Engine thread.
     *
     * @param name how the warning calls it: {@code main chunk}, {@code -e fragment}, {@code -l module}
     */
    void stepStarted(Coroutine co, String name) {
        stepName = name;
        step = co;
    }

    /** The running startup step has returned or raised. Engine thread. */
    void stepEnded() {
        step = null;
    }

    /** True while a startup step has started and not ended (it runs, or waits suspended). Any thread. */
    boolean stepRunning() {
        return step != null;
    }

    /**
     * The run's exit status. Call once the engine's loop has ended (before {@code close}).
     *
     * @param engine      the engine
     * @param loopStatus  the status the loop ended with
     * @param interactive whether the run was {@code -i} (its status is left as it is)
     */
    int status(LuaEngine engine, int loopStatus, boolean interactive) {
        if (interactive || loopStatus != 0 || engine.scheduler().exitRequested() != null) {
            return loopStatus; // os.exit, a signal, a failed step, or the REPL's end decided
        }
        Coroutine waiting = step;
        if (waiting != null && !engine.loop().isStopRequested()) {
            err.println("jeplua: warning: the " + stepName + " is suspended" + where(waiting)
                    + " and nothing is left that could resume it (exit status 13)");
            err.flush();
            return SUSPENDED;
        }
        int errors = engine.callbackErrorCount();
        if (errors > 0) {
            err.println("jeplua: " + errors + (errors == 1 ? " error" : " errors")
                    + " in callbacks (reported above): exit status 1");
            err.flush();
            return 1;
        }
        return 0;
    }

    /**
     * " at s.lua:2" for the step's own frame (its chunk, the outermost Lua frame), with
     * " (waiting in f.lua:9)" when it waits inside a function it called; "" when unknown.
     */
    private static String where(Coroutine co) {
        List<LuaFrames.Frame> frames = LuaFrames.all(co);
        if (frames.isEmpty()) {
            return "";
        }
        String chunk = frames.get(frames.size() - 1).position();
        String inner = frames.get(0).position();
        return " at " + chunk + (frames.size() > 1 ? " (waiting in " + inner + ")" : "");
    }
}
