package dev.jeplua.web;

import dev.jeplua.engine.ExecutionResult;
import dev.jeplua.engine.LuaEngine;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Prometheus metrics of one engine (README.md#metrics), kept in Micrometer's
 * {@link PrometheusMeterRegistry}, which also writes the exposition format:
 * <pre>
 * jeplua_timers_pending{kind="timeout"|"interval"}     gauge   pending timers
 * jeplua_queue_depth                                    gauge   submissions not yet taken by a batch
 * jeplua_callbacks_total                                counter callbacks run (timers, immediates, submissions)
 * jeplua_callback_errors_total                          counter errors reported from callbacks
 * jeplua_executions_seconds{session,outcome}            timer   REST/telnet/web executions (count, sum, histogram buckets)
 * jeplua_coroutines_suspended                           gauge   coroutines waiting in a yield
 * jeplua_output_bytes_total                             counter bytes Lua printed
 * jeplua_telnet_clients, jeplua_web_clients, jeplua_windows   gauges
 * jeplua_store_commits_total                            counter store transactions committed
 * jvm_memory_*, jvm_gc_*, jvm_threads_*, jvm_classes_*, process_uptime_*   Micrometer's JVM binders
 * </pre>
 * Figures that belong to the engine thread (timers, coroutines) are read there by {@link #refresh}
 * before each scrape; when the engine does not answer within 500 ms (Lua code running), the last
 * figures are exposed. Micrometer's {@code ProcessorMetrics} is left out: two of its names
 * ({@code process_cpu_time_ns_total}, {@code system_cpu_count}) fail {@code promtool check metrics}.
 * One instance per engine ({@link #of}); any thread.
 */
final class EngineMetrics {
    /** How long a scrape waits for the engine thread's figures, ms. */
    static final long ENGINE_WAIT_MS = 500;

    private final LuaEngine engine;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private volatile EngineFigures last = new EngineFigures(0, 0, 0);

    /** What is read on the engine thread. */
    record EngineFigures(int timeouts, int intervals, int suspendedCoroutines) {}

    private EngineMetrics(LuaEngine engine) {
        this.engine = engine;
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        engine.addCloseable(gc);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Gauge.builder("jeplua.timers.pending", this, m -> m.last.timeouts())
                .tag("kind", "timeout")
                .description("Pending timeouts")
                .register(registry);
        Gauge.builder("jeplua.timers.pending", this, m -> m.last.intervals())
                .tag("kind", "interval")
                .description("Pending intervals")
                .register(registry);
        Gauge.builder("jeplua.coroutines.suspended", this, m -> m.last.suspendedCoroutines())
                .description("Coroutines waiting in a yield (sleep, network replies, coroutine.yield)")
                .register(registry);
        Gauge.builder("jeplua.queue.depth", engine, e -> e.loop().queueDepth())
                .description("Submissions not yet taken by an event-loop batch")
                .register(registry);
        for (String name : new String[] {"telnet_clients", "web_clients", "windows"}) {
            Gauge.builder("jeplua." + name.replace('_', '.'), engine, e -> e.gauge(name))
                    .description("Connected or open " + name.replace('_', ' '))
                    .register(registry);
        }
        FunctionCounter.builder("jeplua.callbacks", engine, e -> e.loop().tasksRun())
                .description("Callbacks run: timers, immediates, network events, executions")
                .register(registry);
        FunctionCounter.builder("jeplua.callback.errors", engine, e -> e.callbackErrorCount())
                .description("Errors raised by callbacks and reported on stderr")
                .register(registry);
        FunctionCounter.builder("jeplua.output", engine, e -> e.output().publishedBytes())
                .baseUnit("bytes")
                .description("Bytes printed by Lua")
                .register(registry);
        FunctionCounter.builder("jeplua.store.commits", engine, e -> e.gauge("store_commits"))
                .description("Store transactions committed")
                .register(registry);
        engine.addExecutionObserver(this::executed);
    }

    /** The metrics of {@code engine}, created on first use. Any thread. */
    static EngineMetrics of(LuaEngine engine) {
        return engine.component(EngineMetrics.class, () -> new EngineMetrics(engine));
    }

    private void executed(String session, ExecutionResult result, long nanos) {
        String outcome =
                switch (result) {
                    case null -> "rejected";
                    case ExecutionResult.Ok ok -> "ok";
                    case ExecutionResult.Error error -> "error";
                    case ExecutionResult.Timeout timeout -> "timeout";
                    case ExecutionResult.Interrupted interrupted -> "interrupted";
                };
        Timer.builder("jeplua.executions")
                .description("Code executions of REPL and REST clients, from submission to result")
                .tag("session", session)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Reads the engine thread's figures, waiting at most {@link #ENGINE_WAIT_MS}; completes
     * (never exceptionally) when the figures to expose are in place.
     */
    CompletableFuture<Void> refresh() {
        return engine.ask(
                        "metrics",
                        () -> new EngineFigures(
                                engine.loop().timers().timeoutCount(),
                                engine.loop().timers().intervalCount(),
                                engine.scheduler().suspendedCount()))
                .completeOnTimeout(null, ENGINE_WAIT_MS, TimeUnit.MILLISECONDS)
                .handle((f, failure) -> {
                    if (f != null) {
                        last = f;
                    }
                    return null;
                });
    }

    /** The Prometheus text exposition (format 0.0.4) of every meter now. */
    String scrape() {
        return registry.scrape();
    }
}
