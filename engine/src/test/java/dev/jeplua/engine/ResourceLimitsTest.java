package dev.jeplua.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jeplua.engine.LuaEngine.ExecOptions;
import dev.jeplua.engine.api.EngineConfig;
import dev.jeplua.engine.memory.MemoryGuard;
import dev.jeplua.engine.output.OutputBus;
import dev.jeplua.engine.session.Session;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What keeps one execution from taking the engine down: memory limit, capture bound, health, shutdown. */
@Timeout(60)
class ResourceLimitsTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private LuaEngine engine;

    private LuaEngine start(EngineConfig config) {
        engine = new LuaEngine(config.stdout(false).stderr(new PrintStream(err, true, StandardCharsets.UTF_8)));
        engine.start();
        return engine;
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.interruptAll("test over"); // a failed test must not leave Lua code running on the shared carrier
            engine.close();
        }
    }

    private ExecutionResult run(String code) throws Exception {
        return engine.execute(code, new ExecOptions("=test", null, 0, false)).get(30, TimeUnit.SECONDS);
    }

    /** A limit 96 MiB above what the heap holds now: the code under test fills it, then frees it by failing. */
    private static long limitAboveNow() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return rt.totalMemory() - rt.freeMemory() + (96L << 20);
    }

    @Test
    void over_the_memory_limit_the_running_code_gets_a_catchable_not_enough_memory() throws Exception {
        start(new EngineConfig().maxMemory(limitAboveNow()));
        ExecutionResult r =
                run("local ok, e = pcall(function() local t = {} for i = 1, 8e6 do t[i] = {i} end end) return ok, e");
        assertThat(r).isInstanceOf(ExecutionResult.Ok.class);
        assertThat(((ExecutionResult.Ok) r).values()).containsExactly(false, MemoryGuard.MESSAGE);
    }

    @Test
    void outside_pcall_the_memory_error_ends_the_execution_with_that_message() throws Exception {
        start(new EngineConfig().maxMemory(limitAboveNow()));
        ExecutionResult r = run("local t = {} for i = 1, 8e6 do t[i] = {i} end");
        assertThat(r).isInstanceOf(ExecutionResult.Error.class);
        assertThat(((ExecutionResult.Error) r).message()).isEqualTo(MemoryGuard.MESSAGE);
        assertThat(((ExecutionResult.Ok) run("return 1 + 1")).values()).containsExactly(2L);
    }

    @Test
    void a_single_allocation_over_the_limit_fails_before_it_is_made() throws Exception {
        start(new EngineConfig().maxMemory(64 * 1024));
        ExecutionResult r = run("return pcall(string.rep, 'x', 2^20 * 8)");
        assertThat(((ExecutionResult.Ok) r).values()).containsExactly(false, MemoryGuard.MESSAGE);
    }

    @Test
    void memory_sizes_parse_as_the_command_line_gives_them() {
        assertThat(MemoryGuard.parseSize("1024")).isEqualTo(1024);
        assertThat(MemoryGuard.parseSize("512k")).isEqualTo(512L << 10);
        assertThat(MemoryGuard.parseSize("64M")).isEqualTo(64L << 20);
        assertThat(MemoryGuard.parseSize("2g")).isEqualTo(2L << 30);
        assertThat(MemoryGuard.parseSize("50%")).isEqualTo(Runtime.getRuntime().maxMemory() / 2);
        assertThatThrownBy(() -> MemoryGuard.parseSize("0")).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> MemoryGuard.parseSize("150%")).hasMessageContaining("percentage");
        assertThatThrownBy(() -> MemoryGuard.parseSize("lots")).hasMessageContaining("use bytes");
    }

    @Test
    void the_capture_of_an_execution_is_bounded_and_marked_as_truncated() throws Exception {
        start(new EngineConfig());
        ExecutionResult.Ok ok = (ExecutionResult.Ok)
                run("local line = ('x'):rep(1023) for i = 1, 9 * 1024 do print(line) end return 'done'");
        assertThat(ok.values()).containsExactly("done");
        assertThat(ok.output()).endsWith(OutputBus.TRUNCATED);
        assertThat(ok.output().length()).isEqualTo(OutputBus.CAPTURE_LIMIT + OutputBus.TRUNCATED.length());
    }

    @Test
    void health_says_unresponsive_while_a_long_batch_keeps_submitted_work_waiting() throws Exception {
        start(new EngineConfig());
        assertThat(engine.health().status()).isEqualTo("healthy");
        Session s = engine.openSession("test", null, null);
        CompletableFuture<ExecutionResult> spin =
                engine.execute("while true do end", ExecOptions.repl("=spin", s.context()));
        CompletableFuture<ExecutionResult> waiting = engine.execute("return 1", new ExecOptions("=w", null, 0, true));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!engine.health(100).status().equals("unresponsive") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        EngineHealth busy = engine.health(100);
        assertThat(busy.status()).isEqualTo("unresponsive");
        assertThat(busy.ok()).isFalse();
        assertThat(busy.busyMs()).isGreaterThan(100);
        assertThat(busy.queued()).isPositive();
        engine.interrupt(s.context(), "interrupted");
        assertThat(spin.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionResult.Interrupted.class);
        assertThat(((ExecutionResult.Ok) waiting.get(10, TimeUnit.SECONDS)).values())
                .containsExactly(1L);
        assertThat(engine.health(100).status()).isEqualTo("healthy");
        engine.close();
        assertThat(engine.health().status()).isEqualTo("stopped");
    }

    @Test
    void callbacks_stopped_by_a_shutdown_are_not_reported_as_errors() throws Exception {
        start(new EngineConfig());
        run("setInterval(function() while true do end end, 1) setInterval(function() sleep(5) end, 1)");
        Thread.sleep(100);
        engine.shutdown(130);
        engine.interruptAll("interrupted");
        assertThat(engine.termination().get(10, TimeUnit.SECONDS)).isEqualTo(130);
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("interrupted");
    }

    @Test
    void package_loadlib_answers_that_there_are_no_dynamic_libraries() throws Exception {
        start(new EngineConfig());
        ExecutionResult.Ok ok = (ExecutionResult.Ok) run("return package.loadlib('libx.so', 'luaopen_x')");
        assertThat(ok.values())
                .containsExactly(null, "dynamic libraries not enabled; check your Lua installation", "absent");
    }
}
