package dev.jeplua.engine.output;

import java.io.OutputStream;

/**
 * The output stream behind {@code io.write} and {@code io.stdout}: every write is published on the
 * {@link OutputBus} as one chunk (copied, so the caller may reuse its array). Engine thread.
 */
public final class BusOutputStream extends OutputStream {
    private final OutputBus output;

    /** @param output the engine's output bus */
    public BusOutputStream(OutputBus output) {
        this.output = output;
    }

    @Override
    public void write(int b) {
        output.publish(new byte[] {(byte) b});
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (len > 0) {
            byte[] copy = new byte[len];
            System.arraycopy(b, off, copy, 0, len);
            output.publish(copy);
        }
    }

    /** {@code io.stdout:flush()} flushes every sink now (they are otherwise flushed at the end of each batch). */
    @Override
    public void flush() {
        output.flush();
    }
}
