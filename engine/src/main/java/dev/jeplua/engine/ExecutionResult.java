package dev.jeplua.engine;

import java.util.List;

/**
 * How an execution submitted to the engine ended, as plain Java values (never Lua objects or
 * Lua exceptions), so any thread can read it.
 */
public sealed interface ExecutionResult {
    /** What the execution printed (captured output), possibly empty. */
    String output();

    /**
     * The chunk returned normally.
     *
     * @param values   returned values converted with {@link JavaValues#toJava} (null, Boolean,
     *                 Long, Double, String, List, Map; other types as their {@code tostring})
     * @param texts    each returned value as Lua's {@code tostring} shows it (for REPL display)
     * @param output   captured print output
     */
    record Ok(List<Object> values, List<String> texts, String output) implements ExecutionResult {}

    /**
     * The chunk failed to compile or raised an error.
     *
     * @param message   Lua error message ({@code chunk:line: message})
     * @param traceback traceback text, or null (compile errors have none)
     * @param output    captured print output before the error
     */
    record Error(String message, String traceback, String output) implements ExecutionResult {}

    /** The execution ran past its timeout and was interrupted. */
    record Timeout(String output) implements ExecutionResult {}

    /** The execution was interrupted on request (Ctrl-C, {@code :interrupt}). */
    record Interrupted(String output) implements ExecutionResult {}
}
