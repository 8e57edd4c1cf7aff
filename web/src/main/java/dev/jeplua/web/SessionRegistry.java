package dev.jeplua.web;

import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.session.Session;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps the {@code X-Session} header of REST requests to engine {@link Session}s (README.md#session):
 * the first request with a new id opens a session of kind {@code rest}; later requests with
 * the same id run under it (same {@code session.data}). A REST session that sees no request
 * for the idle time is closed (its {@code session.onClose} callbacks run), and so is every
 * session when the server closes. Web page sessions (kind {@code web}) are added by the
 * output stream when a page connects and live as long as its WebSocket. Any thread.
 */
final class SessionRegistry {
    /** Longest accepted {@code X-Session} value. */
    static final int MAX_ID_LENGTH = 128;

    private final LuaEngine engine;
    private final long idleNanos;
    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();

    private static final class Entry {
        final Session session;
        final boolean pinned;
        volatile long lastUsed = System.nanoTime();

        Entry(Session session, boolean pinned) {
            this.session = session;
            this.pinned = pinned;
        }
    }

    /**
     * @param engine the engine sessions are opened on
     * @param idle   how long a REST session may go without a request before it is closed
     */
    SessionRegistry(LuaEngine engine, Duration idle) {
        this.engine = engine;
        this.idleNanos = idle.toNanos();
    }

    /**
     * Returns the session for an {@code X-Session} id, opening a {@code rest} session for a new one.
     *
     * @param id     header value (1 to 128 printable ASCII characters)
     * @param remote remote address text of the request, recorded when the session opens
     * @throws IllegalArgumentException when the id is empty, too long or has other characters
     */
    Session get(String id, String remote) {
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException(
                    "X-Session must be 1 to " + MAX_ID_LENGTH + " printable ASCII characters without spaces");
        }
        Entry e = sessions.computeIfAbsent(id, k -> new Entry(engine.openSession("rest", remote, k), false));
        e.lastUsed = System.nanoTime();
        return e.session;
    }

    /** Registers a session that lives as long as its connection (web page); never closed for idleness. */
    void pin(Session session) {
        sessions.put(session.id(), new Entry(session, true));
    }

    /** Forgets and closes a session (its connection went away). */
    void remove(Session session) {
        sessions.computeIfPresent(session.id(), (k, e) -> e.session == session ? null : e);
        session.close();
    }

    /** Closes REST sessions idle longer than the idle time; returns how many it closed. */
    int closeIdle() {
        long now = System.nanoTime();
        int closed = 0;
        for (Iterator<Entry> it = sessions.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (!e.pinned && now - e.lastUsed > idleNanos) {
                it.remove();
                e.session.close();
                closed++;
            }
        }
        return closed;
    }

    /** A remote address as sessions show it: {@code 127.0.0.1:54321} (no host name lookup). */
    static String remote(java.net.SocketAddress address) {
        if (address instanceof java.net.InetSocketAddress a) {
            String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
        }
        return String.valueOf(address);
    }

    /** Number of open sessions. */
    int size() {
        return sessions.size();
    }

    /** Closes every session (server shutdown). */
    void closeAll() {
        for (Iterator<Entry> it = sessions.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            it.remove();
            e.session.close();
        }
    }
}
