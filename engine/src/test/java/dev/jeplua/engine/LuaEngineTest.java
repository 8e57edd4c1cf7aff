package dev.jeplua.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jeplua.engine.LuaEngine.ExecOptions;
import dev.jeplua.engine.api.EngineConfig;
import dev.jeplua.engine.coroutine.CallbackTask;
import dev.jeplua.engine.loop.ManualTicker;
import dev.jeplua.engine.session.ExecutionContext;
import dev.jeplua.engine.session.Session;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.luaj.vm2.LuaValue;

/** The engine facade on its real engine thread: executions, capture, interruption, lifecycle. */
@Timeout(30)
class LuaEngineTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private LuaEngine engine;

    @BeforeEach
    void start() {
        engine = new LuaEngine(
                new EngineConfig().stdout(false).stderr(new PrintStream(err, true, StandardCharsets.UTF_8)));
        engine.start();
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private ExecutionResult run(String code, long timeoutMs) throws Exception {
        return engine.execute(code, new ExecOptions("=test", null, timeoutMs, true))
                .get(20, TimeUnit.SECONDS);
    }

    @Test
    void an_expression_returns_its_values() throws Exception {
        ExecutionResult r = run("1+2, 'x', nil, {1,2}", 0);
        assertThat(r).isInstanceOf(ExecutionResult.Ok.class);
        ExecutionResult.Ok ok = (ExecutionResult.Ok) r;
        assertThat(ok.values()).containsExactly(3L, "x", null, List.of(1L, 2L));
        assertThat(ok.texts().subList(0, 3)).containsExactly("3", "x", "nil");
    }

    @Test
    void statements_and_a_leading_equals_sign_work_like_the_lua_repl() throws Exception {
        assertThat(((ExecutionResult.Ok) run("y = 5", 0)).values()).isEmpty();
        assertThat(((ExecutionResult.Ok) run("=y * 2", 0)).values()).containsExactly(10L);
    }

    @Test
    void output_printed_by_an_execution_is_captured_with_its_result() throws Exception {
        ExecutionResult.Ok ok = (ExecutionResult.Ok) run("print('hi') io.write('there\\n') return 7", 0);
        assertThat(ok.output()).isEqualTo("hi\nthere\n");
        assertThat(ok.values()).containsExactly(7L);
    }

    @Test
    void concurrent_executions_never_mix_their_output() throws Exception {
        List<CompletableFuture<ExecutionResult>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            futures.add(engine.execute(
                    "print(" + i + ") sleep(" + (i % 5) + ") print(" + i + ") return " + i,
                    new ExecOptions("=t", null, 0, true)));
        }
        for (int i = 0; i < futures.size(); i++) {
            ExecutionResult.Ok ok = (ExecutionResult.Ok) futures.get(i).get(20, TimeUnit.SECONDS);
            assertThat(ok.output()).isEqualTo(i + "\n" + i + "\n");
            assertThat(ok.values()).containsExactly((long) i);
        }
    }

    @Test
    void errors_come_back_as_values_with_message_and_traceback() throws Exception {
        ExecutionResult r = run("print('partial') error('boom')", 0);
        assertThat(r).isInstanceOf(ExecutionResult.Error.class);
        ExecutionResult.Error e = (ExecutionResult.Error) r;
        assertThat(e.message()).isEqualTo("test:1: boom");
        assertThat(e.traceback()).startsWith("stack traceback:");
        assertThat(e.output()).isEqualTo("partial\n");
        assertThat(((ExecutionResult.Error) run("x = = 1", 0)).message()).startsWith("test:1:");
    }

    @Test
    void a_jvm_error_thrown_under_lua_code_fails_that_callback_and_the_engine_keeps_serving() throws Exception {
        LuaEngine broken = LuaEngine.builder(
                        new EngineConfig().stdout(false).stderr(new PrintStream(err, true, StandardCharsets.UTF_8)))
                .library((context, globals) -> globals.set("jvmError", new org.luaj.vm2.lib.ZeroArgFunction() {
                    @Override
                    public LuaValue call() {
                        throw new AssertionError("broken library");
                    }
                }))
                .build();
        broken.start();
        try {
            ExecutionResult r = broken.execute(
                            "print('before') jvmError() return 1", new ExecOptions("=test", null, 0, true))
                    .get(20, TimeUnit.SECONDS);
            assertThat(r).isInstanceOf(ExecutionResult.Error.class);
            assertThat(((ExecutionResult.Error) r).message())
                    .contains("internal error")
                    .contains("broken library");
            assertThat(((ExecutionResult.Error) r).output()).isEqualTo("before\n");
            ExecutionResult after = broken.execute("return 2", new ExecOptions("=test", null, 0, true))
                    .get(20, TimeUnit.SECONDS);
            assertThat(((ExecutionResult.Ok) after).values()).containsExactly(2L);
        } finally {
            broken.close();
        }
    }

    @Test
    void a_runaway_loop_times_out_and_the_engine_keeps_serving() throws Exception {
        run("ticks = 0 tick_id = setInterval(function() ticks = ticks + 1 end, 10)", 0);
        CompletableFuture<ExecutionResult> sleeper =
                engine.execute("sleep(200) return 'woke'", new ExecOptions("=s", null, 0, true));
        ExecutionResult r = run("while true do end", 300);
        assertThat(r).isInstanceOf(ExecutionResult.Timeout.class);
        assertThat(((ExecutionResult.Ok) run("return 1", 0)).values()).containsExactly(1L);
        // the interval keeps firing after the runaway loop was stopped (however loaded the machine)
        long atTimeout =
                (Long) ((ExecutionResult.Ok) run("return ticks", 0)).values().get(0);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long now = atTimeout;
        while (now < atTimeout + 5 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            now = (Long) ((ExecutionResult.Ok) run("return ticks", 0)).values().get(0);
        }
        run("clearInterval(tick_id)", 0);
        assertThat(now).as("ticks after the timeout").isGreaterThanOrEqualTo(atTimeout + 5);
        assertThat(((ExecutionResult.Ok) sleeper.get(20, TimeUnit.SECONDS)).values())
                .containsExactly("woke");
    }

    @Test
    void an_execution_timeout_is_measured_on_the_engine_ticker() throws Exception {
        ManualTicker clock = new ManualTicker();
        try (LuaEngine manual = LuaEngine.builder(
                        new EngineConfig().ticker(clock).stdout(false))
                .build()) {
            manual.start();
            CompletableFuture<ExecutionResult> f =
                    manual.execute("while true do end", new ExecOptions("=t", null, 5000, true));
            CompletableFuture<ExecutionResult> quick = manual.execute("return 1", new ExecOptions("=q", null, 0, true));
            clock.advanceMillis(4999);
            assertThat(f).as("4999 ms of engine time: still running").isNotDone();
            clock.advanceMillis(1);
            assertThat(f)
                    .as("5000 ms: the watchdog fired on the advancing thread")
                    .isDone();
            assertThat(f.get()).isInstanceOf(ExecutionResult.Timeout.class);
            assertThat(((ExecutionResult.Ok) quick.get(20, TimeUnit.SECONDS)).values())
                    .containsExactly(1L);
        }
    }

    @Test
    void pcall_cannot_swallow_an_interruption() throws Exception {
        ExecutionResult r = run("while true do pcall(function() while true do end end) end", 200);
        assertThat(r).isInstanceOf(ExecutionResult.Timeout.class);
        assertThat(((ExecutionResult.Ok) run("return 2", 0)).values()).containsExactly(2L);
    }

    @Test
    void contexts_say_what_they_stand_for() {
        Session s = engine.openSession("test", "local", null);
        assertThat(ExecutionContext.NONE.kind()).isEqualTo(ExecutionContext.Kind.SCRIPT);
        assertThat(s.context().kind()).isEqualTo(ExecutionContext.Kind.SESSION);
        assertThat(s.context().derive(new ByteArrayOutputStream()).kind()).isEqualTo(ExecutionContext.Kind.EXECUTION);
        assertThat(s.context().derive(new ByteArrayOutputStream()).forCallbacks())
                .isSameAs(s.context());
        assertThat(new ExecutionContext(null, new ByteArrayOutputStream()).forCallbacks())
                .isSameAs(ExecutionContext.NONE);
    }

    @Test
    void an_interrupt_request_stops_the_execution_of_that_context_only() throws Exception {
        Session s = engine.openSession("test", "local", null);
        CompletableFuture<ExecutionResult> spin =
                engine.execute("while true do end", ExecOptions.repl("=spin", s.context()));
        engine.interrupt(s.context(), "interrupted");
        assertThat(spin.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionResult.Interrupted.class);
        assertThat(((ExecutionResult.Ok) run("return 3", 0)).values()).containsExactly(3L);
    }

    @Test
    void sessions_are_visible_to_their_code_and_run_on_close_callbacks() throws Exception {
        Session s = engine.openSession("telnet", "127.0.0.1:1234", null);
        ExecutionResult.Ok ok = (ExecutionResult.Ok) engine.execute(
                        "session.data.x = 1 session.onClose(function() closed_by = session and 'yes' or 'no-session' end) "
                                + "return session.kind, session.remote, session.id",
                        ExecOptions.repl("=s", s.context()))
                .get(10, TimeUnit.SECONDS);
        assertThat(ok.values()).containsExactly("telnet", "127.0.0.1:1234", s.id());
        assertThat(((ExecutionResult.Ok) run("return session", 0)).values()).containsExactly((Object) null);
        s.close();
        ExecutionResult.Ok after = (ExecutionResult.Ok) run("return closed_by", 0);
        assertThat(after.values()).containsExactly("no-session");
    }

    @Test
    void the_loop_ends_by_itself_when_nothing_keeps_it_alive() throws Exception {
        run("setTimeout(function() end, 50)", 0);
        engine.setExitWhenIdle(true);
        assertThat(engine.termination().get(5, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void a_keep_alive_handle_holds_the_loop_until_released() throws Exception {
        var handle = engine.loop().keepAlive();
        engine.setExitWhenIdle(true);
        assertThat(engine.termination()).isNotDone();
        run("return 1", 0);
        assertThat(engine.termination()).isNotDone();
        handle.release();
        assertThat(engine.termination().get(5, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void os_exit_ends_the_loop_with_its_status() throws Exception {
        engine.execute("os.exit(7)", new ExecOptions("=t", null, 0, true));
        assertThat(engine.termination().get(5, TimeUnit.SECONDS)).isEqualTo(7);
    }

    @Test
    void a_full_queue_rejects_submissions_instead_of_blocking() {
        LuaEngine small = new LuaEngine(new EngineConfig().stdout(false).queueCapacity(2));
        CallbackTask noop = new CallbackTask(LuaValue.NIL, LuaValue.NONE, "test", ExecutionContext.NONE);
        small.submit(noop);
        small.submit(noop);
        assertThatThrownBy(() -> small.submit(noop)).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void post_runs_java_code_on_the_engine_thread_inside_a_coroutine() throws Exception {
        boolean[] inside = new boolean[1];
        engine.post("test", () -> inside[0] = engine.scheduler().isYieldable() && engine.onEngineThread())
                .get(5, TimeUnit.SECONDS);
        assertThat(inside[0]).isTrue();
    }
}
