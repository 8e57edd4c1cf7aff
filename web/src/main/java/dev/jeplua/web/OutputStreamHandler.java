package dev.jeplua.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.output.OutputChunk;
import dev.jeplua.engine.output.OutputListener;
import dev.jeplua.engine.session.Session;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * {@code WS /ws}: the live output stream (README.md#rest-api-and-web-repl). Everything Lua prints is sent to every
 * connected client as {@code {"type":"output","text":"..."}} messages (one per event-loop
 * batch, split at 64 Ki characters; invalid UTF-8 replaced by U+FFFD). EPLua's QuickApp view
 * updates ({@code _PY.broadcast_view_update}) go to every client as
 * {@code {"type":"view_update","qa_id","element_id","property_name","value"}} when they are made
 * (before the output of the same batch; dropped while no client is connected). On connect a client first gets
 * {@code {"type":"hello","version":"0.1.0","session":"web-3"}}: the id of a {@code web}
 * session (README.md#session) that lives as long as the connection; the page sends it as
 * {@code X-Session} so its executions see {@code session.kind == "web"}. Messages from the
 * client are the live inspector's requests ({@link InspectorRequests}); others are ignored. The server pings every client periodically ({@link #pingAll}), so an
 * idle stream is not closed by the connection idle timeout.
 *
 * <p>As an {@link OutputListener} it is called on the engine thread: {@link #onOutput} only
 * appends to a buffer, {@link #flush} hands each client's messages to its I/O thread. A client
 * still more than 1 MiB behind when a batch's output arrives is disconnected (the close reason
 * says why), so a slow browser holds at most that plus one batch's output and never the engine.
 * One batch streams at most 4 Mi characters (a runaway print loop inside one execution); the
 * rest is replaced by a one-line notice.
 */
final class OutputStreamHandler implements WebSocketConnectionCallback, OutputListener {
    private static final Logger log = LoggerFactory.getLogger(OutputStreamHandler.class);
    /**
     * Backlog, in characters (about bytes: output is mostly ASCII), a client may still have
     * queued and not written when the next batch's output arrives; beyond it, it is disconnected.
     */
    static final long MAX_QUEUED_BYTES = 1024 * 1024;
    /** Output of one event-loop batch kept for the stream, in characters; the rest is counted and dropped. */
    static final int MAX_BATCH_CHARS = 4 * 1024 * 1024;
    /** Largest text of one output message, in characters. */
    static final int MAX_MESSAGE_CHARS = 64 * 1024;

    private final LuaEngine engine;
    private final SessionRegistry sessions;
    private final InspectorRequests inspector;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final StringBuilder pending = new StringBuilder();
    private long dropped;

    OutputStreamHandler(LuaEngine engine, SessionRegistry sessions) {
        this.engine = engine;
        this.sessions = sessions;
        this.inspector = new InspectorRequests(engine);
    }

    /** Number of connected output stream clients. Any thread. */
    int clientCount() {
        return clients.size();
    }

    @Override
    public void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
        Session session = engine.openSession("web", SessionRegistry.remote(channel.getSourceAddress()), null);
        sessions.pin(session);
        Client client = new Client(channel);
        clients.add(client);
        channel.addCloseTask(ch -> {
            clients.remove(client);
            sessions.remove(session);
        });
        channel.getReceiveSetter().set(new AbstractReceiveListener() {
            @Override
            protected void onFullTextMessage(WebSocketChannel ch, BufferedTextMessage message) {
                // output flows one way; the only requests are the live inspector's (InspectorRequests)
                inspector.handle(message.getData(), client::send);
            }
        });
        channel.resumeReceives();
        Map<String, Object> hello = new LinkedHashMap<>();
        hello.put("type", "hello");
        hello.put("version", LuaEngine.VERSION);
        hello.put("session", session.id());
        client.send(json(hello));
    }

    @Override
    public void onOutput(OutputChunk chunk) {
        if (clients.isEmpty()) {
            return;
        }
        String text = chunk.text();
        if (pending.length() + text.length() > MAX_BATCH_CHARS) {
            dropped += text.length(); // a runaway print loop must not fill the heap
        } else {
            pending.append(text);
        }
    }

    @Override
    public void flush() {
        if (dropped > 0) {
            pending.append("\n[jeplua: ")
                    .append(dropped)
                    .append(" characters of output not streamed: more than 4 MiB in one event-loop batch]\n");
            dropped = 0;
        }
        if (pending.isEmpty()) {
            return;
        }
        List<String> messages = new ArrayList<>();
        int start = 0;
        while (start < pending.length()) {
            int end = Math.min(pending.length(), start + MAX_MESSAGE_CHARS);
            if (end < pending.length() && Character.isHighSurrogate(pending.charAt(end - 1))) {
                end--; // never split a surrogate pair between two messages
            }
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("type", "output");
            message.put("text", pending.substring(start, end));
            messages.add(json(message));
            start = end;
        }
        for (Client c : clients) {
            if (c.queued.get() > MAX_QUEUED_BYTES) {
                c.disconnectSlow();
            } else {
                messages.forEach(c::send);
            }
        }
        pending.setLength(0);
    }

    /**
     * Sends one ready message (JSON text) to every client now, outside the batch's output: the
     * {@code {"type":"view_update",...}} messages of {@code _PY.broadcast_view_update}
     * (docs/eplua-bridge.md). A client over its backlog is disconnected as for output. Any thread.
     */
    void sendToAll(String message) {
        for (Client c : clients) {
            if (c.queued.get() > MAX_QUEUED_BYTES) {
                c.disconnectSlow();
            } else {
                c.send(message);
            }
        }
    }

    /**
     * Sends an empty ping to every client (browsers answer with a pong). Keeps a quiet stream
     * within the server's idle timeout and lets a dead peer's connection fail. Any thread.
     */
    void pingAll() {
        for (Client c : clients) {
            try {
                c.channel.getIoThread().execute(() -> {
                    if (c.channel.isOpen()) {
                        WebSockets.sendPing(ByteBuffer.allocate(0), c.channel, null);
                    }
                });
            } catch (RejectedExecutionException e) {
                clients.remove(c);
            }
        }
    }

    /** Closes every client connection. Any thread. */
    void closeAll() {
        for (Client c : clients) {
            IoUtils.safeClose(c.channel);
        }
        clients.clear();
    }

    private static String json(Map<String, Object> message) {
        try {
            return Json.MAPPER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode output message", e);
        }
    }

    /** One connected page: its channel and how many bytes are queued for it. */
    private final class Client implements WebSocketCallback<Void> {
        final WebSocketChannel channel;
        final AtomicLong queued = new AtomicLong();

        Client(WebSocketChannel channel) {
            this.channel = channel;
        }

        /** Queues a message; any thread. */
        void send(String message) {
            long size = message.length();
            queued.addAndGet(size);
            try {
                channel.getIoThread().execute(() -> {
                    if (channel.isOpen()) {
                        WebSockets.sendText(message, channel, new WebSocketCallback<Void>() {
                            @Override
                            public void complete(WebSocketChannel ch, Void context) {
                                queued.addAndGet(-size);
                            }

                            @Override
                            public void onError(WebSocketChannel ch, Void context, Throwable throwable) {
                                queued.addAndGet(-size);
                                log.debug(
                                        "sending output to {} failed: {}", ch.getSourceAddress(), throwable.toString());
                                IoUtils.safeClose(ch);
                            }
                        });
                    } else {
                        queued.addAndGet(-size);
                    }
                });
            } catch (RejectedExecutionException e) {
                clients.remove(this);
            }
        }

        private void disconnectSlow() {
            if (clients.remove(this)) {
                log.info(
                        "output stream client {} disconnected: more than 1 MiB of output queued",
                        channel.getSourceAddress());
                CloseMessage close =
                        new CloseMessage(CloseMessage.MSG_TOO_BIG, "output buffer over 1 MiB (client too slow)");
                try {
                    channel.getIoThread().execute(() -> WebSockets.sendClose(close, channel, this));
                } catch (RejectedExecutionException e) {
                    IoUtils.safeClose(channel);
                }
            }
        }

        @Override
        public void complete(WebSocketChannel ch, Void context) {
            IoUtils.safeClose(ch);
        }

        @Override
        public void onError(WebSocketChannel ch, Void context, Throwable throwable) {
            IoUtils.safeClose(ch);
        }
    }
}
