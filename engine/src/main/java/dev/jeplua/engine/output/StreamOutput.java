package dev.jeplua.engine.output;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * An {@link OutputListener} writing raw bytes to a stream (the process's stdout), buffered
 * and flushed at the end of every batch and before anything is written to stderr.
 * Engine thread only.
 */
public final class StreamOutput implements OutputListener {
    private final OutputStream out;
    private boolean broken;

    /** @param out destination, e.g. {@code new FileOutputStream(FileDescriptor.out)} */
    public StreamOutput(OutputStream out) {
        this.out = new BufferedOutputStream(out, 1 << 16);
    }

    @Override
    public void onOutput(OutputChunk chunk) {
        if (broken) {
            return;
        }
        try {
            out.write(chunk.bytes());
        } catch (IOException e) {
            broken = true; // e.g. stdout closed by a pipe reader: keep running, stop writing
        }
    }

    @Override
    public void flush() {
        if (broken) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            broken = true;
        }
    }

    @Override
    public String toString() {
        return "stdout";
    }
}
