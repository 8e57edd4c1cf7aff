package dev.jeplua.telnet;

import static dev.jeplua.telnet.TelnetSessionHandler.MAX_PENDING_OUTPUT_BYTES;
import static dev.jeplua.telnet.TelnetSessionHandler.PAUSE_READING_BYTES;
import static dev.jeplua.telnet.TelnetSessionHandler.RESUME_READING_BYTES;
import static dev.jeplua.telnet.TelnetSessionHandler.WRITE_OVERHEAD_BYTES;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One telnet client's output budget: every write to the client goes through {@link #write}, which
 * counts the bytes not yet taken by its socket plus {@link TelnetSessionHandler#WRITE_OVERHEAD_BYTES}
 * per message. Past {@link TelnetSessionHandler#MAX_PENDING_OUTPUT_BYTES} the client gets the
 * overflow notice (in its current {@link WireFormat}) and is disconnected; past
 * {@link TelnetSessionHandler#PAUSE_READING_BYTES} its input is no longer read until the output
 * drains to {@link TelnetSessionHandler#RESUME_READING_BYTES}.
 *
 * <p>Threads: {@link #write} is called on the channel's Netty event loop (replies) and on the
 * engine thread (broadcast output) and never blocks; the counters are atomic. Pausing and resuming
 * the channel's reading is always done on the event loop (handed to it when needed).
 */
final class OutputBudget {
    private static final Logger log = LoggerFactory.getLogger(TelnetSessionHandler.class);

    private final Supplier<WireFormat> format;
    private final Supplier<String> remote;
    private final AtomicLong pendingOutput = new AtomicLong();
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private final AtomicBoolean readCheckScheduled = new AtomicBoolean();
    private volatile Channel channel;
    /** Reading is paused because this client's output is backed up (changed on the I/O thread only). */
    private volatile boolean readingPaused;

    /**
     * @param format the client's current wire format (for the overflow notice)
     * @param remote the client's address, for the log
     */
    OutputBudget(Supplier<WireFormat> format, Supplier<String> remote) {
        this.format = format;
        this.remote = remote;
    }

    /** The channel written to; until it is set, writes are dropped. I/O thread, at connection. */
    void attach(Channel channel) {
        this.channel = channel;
    }

    /** Bytes counted against the budget now (see the class comment). Any thread. */
    long pendingBytes() {
        return pendingOutput.get();
    }

    /** True while the client's input is not read because its output is backed up. Any thread (a snapshot). */
    boolean readingPaused() {
        return readingPaused;
    }

    /**
     * Writes to the client within its output budget. Any thread: the engine thread's writes
     * are queued to the I/O thread by Netty, never blocking.
     */
    void write(byte[] bytes) {
        Channel ch = channel;
        if (ch == null || !ch.isActive() || overflowed.get()) {
            return;
        }
        long cost = bytes.length + (long) WRITE_OVERHEAD_BYTES;
        long pending = pendingOutput.addAndGet(cost);
        if (pending > MAX_PENDING_OUTPUT_BYTES) {
            pendingOutput.addAndGet(-cost);
            overflow(ch);
            return;
        }
        // a failed write means the client has gone; channelInactive cleans up. Listeners run on the I/O thread.
        ch.writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener(f -> {
            pendingOutput.addAndGet(-cost);
            if (readingPaused) {
                updateReading();
            }
        });
        if (pending > PAUSE_READING_BYTES || ch.eventLoop().inEventLoop()) {
            updateReading();
        }
    }

    /** More than {@link TelnetSessionHandler#MAX_PENDING_OUTPUT_BYTES} waits for this client: a notice, then disconnect. Any thread. */
    private void overflow(Channel ch) {
        if (overflowed.compareAndSet(false, true)) {
            log.warn(
                    "telnet client {} disconnected: more than {} bytes of output waiting (it does not read)",
                    remote.get(),
                    MAX_PENDING_OUTPUT_BYTES);
            String notice = "\n*** disconnected: more than 1 MiB of output waiting for this client ***\n";
            ch.writeAndFlush(Unpooled.wrappedBuffer(format.get().overflowNotice(notice)));
            ch.close();
        }
    }

    /**
     * Pauses reading this client's input while its output is backed up, resumes it when the
     * output has drained. Any thread; the change itself is made on the I/O thread.
     */
    private void updateReading() {
        Channel ch = channel;
        if (!ch.eventLoop().inEventLoop()) {
            if (readCheckScheduled.compareAndSet(false, true)) {
                ch.eventLoop().execute(() -> {
                    readCheckScheduled.set(false);
                    updateReading();
                });
            }
            return;
        }
        long pending = pendingOutput.get();
        if (!readingPaused && pending > PAUSE_READING_BYTES) {
            readingPaused = true;
            ch.config().setAutoRead(false);
        } else if (readingPaused && pending <= RESUME_READING_BYTES) {
            readingPaused = false;
            ch.config().setAutoRead(true);
            // input the decoder held back while paused is decoded now, not at the next packet
            // (later, on its own: this may run inside the decoder's own call)
            ch.eventLoop().execute(() -> {
                if (ch.isActive() && !readingPaused) {
                    ch.pipeline().fireChannelRead(Unpooled.EMPTY_BUFFER);
                }
            });
        }
    }
}
