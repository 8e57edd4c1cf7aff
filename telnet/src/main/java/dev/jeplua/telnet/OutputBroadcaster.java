package dev.jeplua.telnet;

import dev.jeplua.engine.output.OutputChunk;
import dev.jeplua.engine.output.OutputListener;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Sends everything Lua prints to every connected telnet client (README.md#telnet-repl-and-repl-client broadcast).
 *
 * <p>Printed bytes are gathered on the engine thread and written to the clients once per
 * event-loop batch (or every 64 KiB), one Netty write per client, so a loop printing many
 * small lines costs one append per line. Writing never blocks the engine: each client has a
 * bound on output queued for it ({@link TelnetSessionHandler#MAX_PENDING_OUTPUT_BYTES}); a
 * client past it is disconnected with a notice and the others go on.
 *
 * <p>Control characters are escaped ({@link ControlCharacters}) in every printed chunk before it
 * is gathered, for every client alike (the printer's own included): any client's code, or data
 * a script prints from the network, could otherwise drive the terminals of everyone connected
 * (retitle, clear or hide text, set the clipboard with OSC 52, answer-back tricks).
 *
 * <p>Each client gets the output in its own {@link WireFormat} (encoded once per format).
 *
 * <p>{@link #onOutput} and {@link #flush} are called on the engine thread by the output bus;
 * {@link #flush} may also be called from any thread (the session handler flushes before it
 * writes a command's result so the command's prints come first). Thread-safe.
 */
final class OutputBroadcaster implements OutputListener {
    /** Gathered output is sent when it reaches this many bytes, even within a batch. */
    static final int SEND_THRESHOLD_BYTES = 64 * 1024;

    private final List<TelnetSessionHandler> clients = new CopyOnWriteArrayList<>();
    private byte[] buffer = new byte[8192];
    private int length;

    void add(TelnetSessionHandler client) {
        clients.add(client);
    }

    void remove(TelnetSessionHandler client) {
        clients.remove(client);
    }

    /** The connected clients (a snapshot). */
    List<TelnetSessionHandler> clients() {
        return List.copyOf(clients);
    }

    int clientCount() {
        return clients.size();
    }

    @Override
    public synchronized void onOutput(OutputChunk chunk) {
        if (clients.isEmpty()) {
            return;
        }
        byte[] b = ControlCharacters.escape(chunk.bytes());
        if (length + b.length > buffer.length) {
            byte[] bigger = new byte[Math.max(buffer.length * 2, length + b.length)];
            System.arraycopy(buffer, 0, bigger, 0, length);
            buffer = bigger;
        }
        System.arraycopy(b, 0, buffer, length, b.length);
        length += b.length;
        if (length >= SEND_THRESHOLD_BYTES) {
            send();
        }
    }

    @Override
    public synchronized void flush() {
        send();
    }

    private void send() {
        if (length == 0) {
            return;
        }
        // encoded once per wire format in use
        Map<WireFormat, byte[]> encoded = new IdentityHashMap<>(2);
        for (TelnetSessionHandler c : clients) {
            c.deliverOutput(encoded.computeIfAbsent(c.wireFormat(), f -> f.output(buffer, length)));
        }
        length = 0;
        if (buffer.length > 4 * SEND_THRESHOLD_BYTES) {
            buffer = new byte[8192];
        }
    }
}
