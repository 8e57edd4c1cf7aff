package dev.jeplua.engine;

/**
 * Told of every finished {@link LuaEngine#execute} (the {@code /metrics} execution counts and
 * latency). Called on whatever thread completes the execution's future; must not block.
 */
@FunctionalInterface
public interface ExecutionObserver {
    /**
     * @param sessionKind the session's kind ({@code telnet}, {@code rest}, {@code web} ...), or without a
     *                    session the chunk name without its {@code =}/{@code @} ({@code rest} for REST calls)
     * @param result      the result, or null when the engine refused the work
     * @param nanos       from the call of {@code execute} to its completion, ns
     */
    void executed(String sessionKind, ExecutionResult result, long nanos);
}
