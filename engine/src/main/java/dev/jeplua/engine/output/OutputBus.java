package dev.jeplua.engine.output;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one fan-out for Lua output: every {@code print} and {@code io.write} to stdout goes to
 * each subscribed {@link OutputListener} (stdout, telnet clients, web stream) and to the
 * capture buffer of the execution that printed it, if any (REST {@code /execute}).
 *
 * <p>{@link #subscribe} and {@link Subscription#close()} are any thread;
 * {@link #publish} and {@link #flush} are engine thread only.
 */
public final class OutputBus {
    private static final Logger log = LoggerFactory.getLogger(OutputBus.class);
    private final List<OutputListener> listeners = new CopyOnWriteArrayList<>();
    private final Supplier<ByteArrayOutputStream> captureOfRunningCode;

    /**
     * @param captureOfRunningCode returns the capture buffer of the code running now, or null
     */
    public OutputBus(Supplier<ByteArrayOutputStream> captureOfRunningCode) {
        this.captureOfRunningCode = captureOfRunningCode;
    }

    /** Handle that ends a subscription. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /** Adds a listener; it receives output published after this call. Any thread. */
    public Subscription subscribe(OutputListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Number of subscribed listeners. */
    public int listenerCount() {
        return listeners.size();
    }

    /** Publishes printed bytes to every listener and the running code's capture. Engine thread. */
    public void publish(byte[] bytes) {
        ByteArrayOutputStream capture = captureOfRunningCode.get();
        if (capture != null) {
            capture.write(bytes, 0, bytes.length);
        }
        OutputChunk chunk = new OutputChunk(bytes);
        for (OutputListener l : listeners) {
            try {
                l.onOutput(chunk);
            } catch (RuntimeException e) {
                log.error("output listener {} failed", l, e);
            }
        }
    }

    /** Tells every listener to flush; called at the end of each batch. Engine thread. */
    public void flush() {
        for (OutputListener l : listeners) {
            try {
                l.flush();
            } catch (RuntimeException e) {
                log.error("output listener {} failed to flush", l, e);
            }
        }
    }
}
