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
    /** Most bytes one execution's capture keeps (8 MiB); what follows is dropped after {@link #TRUNCATED}. */
    public static final int CAPTURE_LIMIT = 8 << 20;
    /** Appended once to a capture that reached {@link #CAPTURE_LIMIT}. */
    public static final String TRUNCATED = "\n[output truncated: an execution's captured output is limited to 8 MiB]\n";

    private static final byte[] TRUNCATED_BYTES = TRUNCATED.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private final List<OutputListener> listeners = new CopyOnWriteArrayList<>();
    private final Supplier<ByteArrayOutputStream> captureOfRunningCode;
    /** Bytes published so far (one writer, the engine thread). */
    private volatile long publishedBytes;

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
        publishedBytes += bytes.length;
        ByteArrayOutputStream capture = captureOfRunningCode.get();
        if (capture != null) {
            capture(capture, bytes);
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

    /**
     * Appends to an execution's capture up to {@link #CAPTURE_LIMIT} bytes, then the marker once;
     * later output of that execution still reaches the listeners, not the capture.
     */
    static void capture(ByteArrayOutputStream capture, byte[] bytes) {
        int room = CAPTURE_LIMIT - capture.size();
        if (room < 0) {
            return; // marker already written
        }
        if (bytes.length <= room) {
            capture.write(bytes, 0, bytes.length);
            return;
        }
        capture.write(bytes, 0, room);
        capture.write(TRUNCATED_BYTES, 0, TRUNCATED_BYTES.length);
    }

    /** Bytes Lua has printed so far (the {@code /metrics} output counter). Any thread. */
    public long publishedBytes() {
        return publishedBytes;
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
