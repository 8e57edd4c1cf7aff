package dev.jeplua.web;

import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.loop.EventLoop;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /status} (README.md#rest-api-and-web-repl):
 * <pre>
 * {"status": "running", "version": "0.1.0", "lua_version": "Lua 5.4", "uptime_s": seconds,
 *  "timers": {"timeouts": n, "intervals": n}, "pending_callbacks": n, "queue_depth": n,
 *  "telnet_clients": n, "web_clients": n, "windows": n,
 *  "memory": {"heap_used": bytes, "heap_max": bytes},
 *  "executions": {"total": n, "errors": n}, "engine_busy": bool}
 * </pre>
 * {@code pending_callbacks} counts what is waiting to run: timeouts, intervals and immediates;
 * {@code queue_depth} the submissions not yet taken by a batch. Timer figures and execution
 * counts belong to the engine thread and are read there; when the engine does not answer
 * within 500 ms (Lua code is running), the last figures read are returned with
 * {@code "engine_busy": true} instead of making the monitor wait. Gauges and memory are read
 * on the I/O thread.
 */
final class StatusHandler implements HttpHandler {
    /** How long the status waits for the engine thread before answering with the last figures. */
    static final long ENGINE_WAIT_MS = 500;

    private final LuaEngine engine;
    private volatile EngineFigures last = new EngineFigures(0, 0, 0, 0, 0, 0, false);

    /** What the engine thread reports; {@code fresh} is false when the engine did not answer in time. */
    record EngineFigures(
            int timeouts,
            int intervals,
            int pendingCallbacks,
            int queueDepth,
            long executions,
            long errors,
            boolean fresh) {}

    StatusHandler(LuaEngine engine) {
        this.engine = engine;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        CompletableFuture<EngineFigures> figures =
                engine.ask("status", this::read).completeOnTimeout(null, ENGINE_WAIT_MS, TimeUnit.MILLISECONDS);
        EngineQuery.answerWhenDone(exchange, figures, (f, failure) -> {
            if (failure != null) {
                EngineQuery.fail(exchange, failure);
                return;
            }
            EngineFigures now = f != null ? f : last;
            if (f != null) {
                last = f;
            }
            Json.send(exchange, 200, body(now, f == null));
        });
    }

    /** Engine thread. */
    private EngineFigures read() {
        EventLoop loop = engine.loop();
        int timeouts = loop.timers().timeoutCount();
        int intervals = loop.timers().intervalCount();
        long[] counts = engine.executionCounts();
        return new EngineFigures(
                timeouts,
                intervals,
                timeouts + intervals + loop.pendingImmediates(),
                loop.queueDepth(),
                counts[0],
                counts[1],
                true);
    }

    private Map<String, Object> body(EngineFigures f, boolean busy) {
        Runtime rt = Runtime.getRuntime();
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("status", "running");
        b.put("version", LuaEngine.VERSION);
        b.put("lua_version", "Lua 5.4");
        b.put("uptime_s", Math.round(engine.uptimeSeconds() * 1000) / 1000.0);
        Map<String, Object> timers = new LinkedHashMap<>();
        timers.put("timeouts", f.timeouts());
        timers.put("intervals", f.intervals());
        b.put("timers", timers);
        b.put("pending_callbacks", f.pendingCallbacks());
        b.put("queue_depth", busy ? engine.loop().queueDepth() : f.queueDepth());
        b.put("telnet_clients", engine.gauge("telnet_clients"));
        b.put("web_clients", engine.gauge("web_clients"));
        b.put("windows", engine.gauge("windows"));
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("heap_used", rt.totalMemory() - rt.freeMemory());
        memory.put("heap_max", rt.maxMemory());
        b.put("memory", memory);
        Map<String, Object> executions = new LinkedHashMap<>();
        executions.put("total", f.executions());
        executions.put("errors", f.errors());
        b.put("executions", executions);
        b.put("engine_busy", busy);
        return b;
    }
}
