package dev.jeplua.engine.bridge;

import static org.luaj.vm2.LuaValue.FALSE;
import static org.luaj.vm2.LuaValue.TRUE;

import dev.jeplua.engine.api.EngineContext;
import dev.jeplua.engine.api.LibraryFunction;
import dev.jeplua.engine.api.LuaArgs;
import dev.jeplua.engine.json.JsonLib;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * EPLua's refresh-states polling (docs/eplua-bridge.md): a background GET of one URL at a
 * fixed pace whose answers reach the script's global {@code onRefreshStatesUpdate}.
 * <pre>
 * _PY.start_refresh_states_polling(url [, intervalSeconds=1.0]) -> true
 *     stops a poller already running, then GETs url every intervalSeconds (at least 0.05 s;
 *     the pause starts when an answer arrives), each request with a 5 s timeout. On HTTP 200
 *     the global onRefreshStatesUpdate(data) is called on the engine thread, if it is a
 *     function at that time: data is the body decoded as JSON (a table, a string ...), or the
 *     body text when it is not JSON. An error it raises is reported as
 *     "jeplua: error in refresh states callback: ..." and polling goes on.
 *     A failed request or another status is reported on stderr as
 *     "jeplua: refresh states polling error: <reason>" — once, until the reason changes.
 *     Raises "bad argument #1 to 'start_refresh_states_polling' (invalid URL ...)" for a URL
 *     that is not http(s).
 * _PY.stop_refresh_states_polling() -> true if a poller was running, else false
 * </pre>
 * Polling does not keep the process alive (as in EPLua) and stops when the engine closes.
 * While one answer waits for the busy engine, newer ones are dropped. The request runs on a virtual thread {@code jeplua-refresh-states};
 * the Lua functions run on the engine thread.
 */
final class RefreshStatesPoller implements LibraryFunction.Body {
    private static final double MIN_INTERVAL_S = 0.05;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final EngineContext engine;
    private final PrintStream stderr;
    private Poll current;

    RefreshStatesPoller(EngineContext engine) {
        this.engine = engine;
        this.stderr = engine.config().stderr();
        engine.addCloseable(this::stop);
    }

    /** Adds the polling functions to {@code py}. Engine thread. */
    void install(LuaTable py) {
        LibraryFunction.define(py, "start_refresh_states_polling", FN_START_REFRESH_STATES_POLLING, this);
        LibraryFunction.define(py, "stop_refresh_states_polling", FN_STOP_REFRESH_STATES_POLLING, this);
    }

    private synchronized void start(URI uri, double intervalSeconds) {
        stop();
        Poll p = new Poll(uri, (long) (intervalSeconds * 1000));
        current = p;
        p.thread = Thread.ofVirtual().name("jeplua-refresh-states").start(p::run);
    }

    /** Stops the running poller; true if there was one. Any thread. */
    synchronized boolean stop() {
        Poll p = current;
        current = null;
        if (p == null) {
            return false;
        }
        p.stopped = true;
        p.thread.interrupt();
        return true;
    }

    /** One polling run: its URL, pace and thread. */
    private final class Poll {
        final URI uri;
        final long intervalMs;
        final AtomicBoolean delivering = new AtomicBoolean();
        volatile boolean stopped;
        Thread thread;
        String lastError;

        Poll(URI uri, long intervalMs) {
            this.uri = uri;
            this.intervalMs = intervalMs;
        }

        void run() {
            HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
            try {
                while (!stopped) {
                    poll(client);
                    Thread.sleep(intervalMs);
                }
            } catch (InterruptedException e) {
                // stopped
            } finally {
                client.shutdownNow();
            }
        }

        private void poll(HttpClient client) throws InterruptedException {
            try {
                HttpResponse<byte[]> r = client.send(
                        HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200) {
                    failed("HTTP " + r.statusCode() + " from " + uri);
                    return;
                }
                lastError = null;
                if (delivering.compareAndSet(false, true)) {
                    byte[] body = r.body();
                    engine.post("refresh states", () -> deliver(body));
                }
            } catch (IOException | RejectedExecutionException | IllegalArgumentException e) {
                if (!stopped) {
                    failed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                }
            }
        }

        private void failed(String reason) {
            if (!Objects.equals(reason, lastError)) {
                lastError = reason;
                stderr.println("jeplua: refresh states polling error: " + reason);
                stderr.flush();
            }
        }

        /** Engine thread: decodes the body and calls the global handler. */
        private void deliver(byte[] body) {
            delivering.set(false);
            if (stopped) {
                return;
            }
            LuaValue fn = engine.globals().get("onRefreshStatesUpdate");
            if (!fn.isfunction()) {
                return;
            }
            LuaString text = LuaString.valueUsing(body);
            Varargs decoded = JsonLib.decode(text);
            LuaValue data = decoded.arg1().isnil() && !decoded.arg(2).isnil() ? text : decoded.arg1();
            engine.callProtected("refresh states", fn, data);
        }
    }

    // function numbers of this _PY.refreshStates's LibraryFunction.Body
    private static final int FN_START_REFRESH_STATES_POLLING = 0;
    private static final int FN_STOP_REFRESH_STATES_POLLING = 1;

    @Override
    public Varargs call(int index, Varargs a) {
        return switch (index) {
            case FN_START_REFRESH_STATES_POLLING -> luaStartRefreshStatesPolling(a);
            case FN_STOP_REFRESH_STATES_POLLING -> stop() ? TRUE : FALSE;
            default -> throw new IllegalArgumentException("_PY.refreshStates: no function " + index);
        };
    }

    private Varargs luaStartRefreshStatesPolling(Varargs a) {
        String url = LuaArgs.string(a, 1, "start_refresh_states_polling");
        double interval = LuaArgs.optNumber(a, 2, "start_refresh_states_polling", 1.0);
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw LuaArgs.argError(1, "start_refresh_states_polling", "invalid URL: " + e.getMessage());
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw LuaArgs.argError(1, "start_refresh_states_polling", "invalid URL (http or https expected)");
        }
        start(uri, Double.isNaN(interval) ? MIN_INTERVAL_S : Math.max(MIN_INTERVAL_S, interval));
        return TRUE;
    }
}
