package dev.jeplua.engine.output;

/**
 * Receives everything Lua prints ({@code print}, {@code io.write} to stdout). Called on the
 * engine thread, in order; implementations must not block (queue, buffer or drop instead).
 */
@FunctionalInterface
public interface OutputListener {
    /** @param chunk printed bytes, usually one or more whole lines */
    void onOutput(OutputChunk chunk);

    /** Called at the end of every event-loop batch: a good moment to flush buffers. */
    default void flush() {}
}
