package dev.jeplua.debugger;

import static dev.jeplua.debugger.DapTestClient.at;
import static dev.jeplua.debugger.DapTestClient.get;
import static dev.jeplua.debugger.DapTestClient.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.api.EngineConfig;
import dev.jeplua.engine.loop.ManualTicker;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.debug.ContinueArguments;
import org.eclipse.lsp4j.debug.DisconnectArguments;
import org.eclipse.lsp4j.debug.NextArguments;
import org.eclipse.lsp4j.debug.PauseArguments;
import org.eclipse.lsp4j.debug.Scope;
import org.eclipse.lsp4j.debug.SetExceptionBreakpointsArguments;
import org.eclipse.lsp4j.debug.SourceBreakpoint;
import org.eclipse.lsp4j.debug.StackFrame;
import org.eclipse.lsp4j.debug.StoppedEventArguments;
import org.eclipse.lsp4j.debug.Variable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.luaj.vm2.LuaValue;

/**
 * A scripted DAP client ({@link DapTestClient}) speaking to the real {@code --debug} server over a
 * socket, on an engine whose timers run on a manual clock.
 */
class DebugServerTest {
    @TempDir
    Path dir;

    private final ManualTicker clock = new ManualTicker();
    private LuaEngine engine;
    private DebugServer server;
    private DapTestClient client;

    @BeforeEach
    void start() throws Exception {
        engine = LuaEngine.builder(new EngineConfig().ticker(clock).stdout(false))
                .build();
        engine.start();
        server = new DebugServer(engine, "127.0.0.1", 0);
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        server.close();
        engine.close();
    }

    private void connect(InetSocketAddress address) throws Exception {
        client = DapTestClient.connect(address.getHostString(), address.getPort());
        assertThat(client.capabilities().getSupportsConfigurationDoneRequest()).isTrue();
        assertThat(client.capabilities().getSupportsConditionalBreakpoints()).isTrue();
    }

    private void exceptions(String... filters) throws Exception {
        SetExceptionBreakpointsArguments a = new SetExceptionBreakpointsArguments();
        a.setFilters(filters);
        get(client.server().setExceptionBreakpoints(a));
    }

    /** Runs a script file as the main chunk (chunk name {@code @path}, as the command line gives it). */
    private CompletableFuture<Void> runFile(Path file) {
        return engine.post("main chunk", () -> {
            try {
                engine.compile(Files.readAllBytes(file), "@" + file).call();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private Path write(String name, String... lines) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return p;
    }

    private LuaValue global(String name) throws Exception {
        return get(engine.ask("read", () -> engine.globals().get(name)));
    }

    @Test
    void stops_at_a_breakpoint_in_a_timer_callback_reads_variables_evaluates_steps_and_continues() throws Exception {
        Path file = write(
                "timer.lua",
                "local up = 10",
                "local function work(n)",
                "  local doubled = n * 2",
                "  return doubled + up",
                "end",
                "setTimeout(function()",
                "  local here = 5",
                "  local r = work(here) + up",
                "  result = r",
                "end, 10)");
        connect(server.start());
        client.breakpoints(file, at(8));
        exceptions(LuaDebugAdapter.FILTER_UNCAUGHT);
        client.configurationDone();
        get(runFile(file));
        assertThat(client.stops())
                .as("the breakpoint is in the callback, which has not run yet")
                .isEmpty();

        clock.advanceMillis(10);
        StoppedEventArguments stop = client.nextStop();
        assertThat(stop.getReason()).isEqualTo("breakpoint");
        StackFrame[] frames = client.stack(stop.getThreadId());
        assertThat(frames[0].getLine()).isEqualTo(8);
        assertThat(frames[0].getSource().getPath()).isEqualTo(file.toRealPath().toString());
        assertThat(client.threadNames()).anyMatch(n -> n.startsWith("timer #" + stop.getThreadId()));

        Scope[] scopes = client.scopes(frames[0].getId());
        assertThat(Arrays.stream(scopes).map(Scope::getName)).containsExactly("Locals", "Upvalues", "Globals");
        assertThat(value(client.variables(scopes[0].getVariablesReference()), "here"))
                .isEqualTo("5");
        Variable[] ups = client.variables(scopes[1].getVariablesReference());
        assertThat(value(ups, "up")).isEqualTo("10");
        assertThat(value(ups, "work")).startsWith("function");
        assertThat(client.evaluate("here * up + 1", frames[0].getId())).isEqualTo("51");

        get(client.server().next(new NextArguments()));
        StoppedEventArguments stepped = client.nextStop();
        assertThat(stepped.getReason()).isEqualTo("step");
        StackFrame[] after = client.stack(stepped.getThreadId());
        assertThat(after[0].getLine()).as("stepped over the call to work").isEqualTo(9);
        Scope[] scopes2 = client.scopes(after[0].getId());
        assertThat(value(client.variables(scopes2[0].getVariablesReference()), "r"))
                .isEqualTo("30");

        get(client.server().continue_(new ContinueArguments()));
        assertThat(global("result").toint()).isEqualTo(30);
        assertThat(client.stops()).isEmpty();
    }

    @Test
    void pause_stops_a_loop_that_never_ends_and_evaluate_can_end_it() throws Exception {
        Path file = write("spin.lua", "done = false", "local n = 0", "while not done do n = n + 1 end", "return n");
        connect(server.start());
        client.configurationDone();
        CompletableFuture<Void> run = runFile(file);
        get(client.server().pause(new PauseArguments()));
        StoppedEventArguments stop = client.nextStop();
        assertThat(stop.getReason()).isEqualTo("pause");
        StackFrame[] frames = client.stack(stop.getThreadId());
        assertThat(frames[0].getLine()).isEqualTo(3);
        assertThat(client.evaluate("n > 0", frames[0].getId())).isEqualTo("true");
        client.evaluate("done = true", frames[0].getId());
        get(client.server().continue_(new ContinueArguments()));
        get(run);
        assertThat(global("done").toboolean()).isTrue();
    }

    @Test
    void an_error_in_a_callback_stops_with_its_message_where_it_was_raised() throws Exception {
        Path file = write(
                "boom.lua",
                "local ok = pcall(error, 'caught quietly')",
                "setTimeout(function()",
                "  local reason = 'boom'",
                "  error(reason .. ' ' .. 42)",
                "end, 20)");
        connect(server.start());
        exceptions(LuaDebugAdapter.FILTER_UNCAUGHT);
        client.configurationDone();
        get(runFile(file));
        assertThat(client.stops()).as("an error pcall catches does not stop").isEmpty();
        clock.advanceMillis(20);
        StoppedEventArguments stop = client.nextStop();
        assertThat(stop.getReason()).isEqualTo("exception");
        assertThat(stop.getText()).contains("boom.lua:4: boom 42");
        StackFrame[] frames = client.stack(stop.getThreadId());
        assertThat(frames[0].getLine()).isEqualTo(4);
        assertThat(value(client.variables(client.scopes(frames[0].getId())[0].getVariablesReference()), "reason"))
                .isEqualTo("\"boom\"");
        var info = get(client.server().exceptionInfo(new org.eclipse.lsp4j.debug.ExceptionInfoArguments()));
        assertThat(info.getDescription()).contains("boom 42");
        get(client.server().continue_(new ContinueArguments()));
        assertThat(get(engine.ask("count", engine::callbackErrorCount))).isEqualTo(1);
    }

    @Test
    void conditional_breakpoints_and_log_points_in_a_required_file() throws Exception {
        write("mod.lua", "local M = {}", "function M.f(i)", "  local sq = i * i", "  return sq", "end", "return M");
        Path main = write(
                "main.lua",
                "package.path = '" + dir.toString().replace("\\", "/") + "/?.lua;' .. package.path",
                "local m = require('mod')",
                "for i = 1, 5 do m.f(i) end");
        connect(server.start());
        SourceBreakpoint cond = at(4);
        cond.setCondition("sq == 9");
        SourceBreakpoint log = at(3);
        log.setLogMessage("f({i})");
        client.breakpoints(dir.resolve("mod.lua"), cond, log);
        client.configurationDone();
        CompletableFuture<Void> run = runFile(main);
        StoppedEventArguments stop = client.nextStop();
        StackFrame[] frames = client.stack(stop.getThreadId());
        assertThat(frames[0].getLine()).isEqualTo(4);
        assertThat(frames[0].getName()).contains("f");
        assertThat(client.evaluate("i", frames[0].getId())).isEqualTo("3");
        get(client.server().continue_(new ContinueArguments()));
        get(run);
        assertThat(client.stops()).isEmpty();
        java.util.List<String> logged = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) { // output events travel apart from the run's completion: wait for each
            String line = client.outputs().poll(DapTestClient.WAIT_S, TimeUnit.SECONDS);
            assertThat(line).as("log point output " + (i + 1)).isNotNull();
            logged.add(line);
        }
        assertThat(String.join("", logged)).isEqualTo("f(1)\nf(2)\nf(3)\nf(4)\nf(5)\n");
    }

    @Test
    void step_in_and_out_and_a_suspended_coroutine_shows_as_a_thread_with_its_stack() throws Exception {
        Path file = write(
                "steps.lua",
                "local function inner(x)",
                "  local y = x + 1",
                "  return y",
                "end",
                "local co = coroutine.create(function() coroutine.yield(1) end)",
                "coroutine.resume(co)",
                "local v = inner(1)",
                "stepped = v");
        connect(server.start());
        client.breakpoints(file, at(7));
        client.configurationDone();
        CompletableFuture<Void> run = runFile(file);
        StoppedEventArguments stop = client.nextStop();
        assertThat(client.stack(stop.getThreadId())[0].getLine()).isEqualTo(7);

        org.eclipse.lsp4j.debug.Thread[] threads =
                get(client.server().threads()).getThreads();
        org.eclipse.lsp4j.debug.Thread waiting = Arrays.stream(threads)
                .filter(t -> t.getName().endsWith("(suspended)"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(Arrays.toString(threads)));
        assertThat(waiting.getName()).startsWith("coroutine #");
        StackFrame[] waitsAt = client.stack(waiting.getId());
        assertThat(waitsAt[waitsAt.length - 1].getLine())
                .as("where the coroutine yielded")
                .isEqualTo(5);

        get(client.server().stepIn(new org.eclipse.lsp4j.debug.StepInArguments()));
        StoppedEventArguments in = client.nextStop();
        StackFrame[] inner = client.stack(in.getThreadId());
        assertThat(inner[0].getLine()).isEqualTo(2);
        assertThat(inner[0].getName()).isEqualTo("inner");
        assertThat(inner[1].getLine()).isEqualTo(7);

        get(client.server().stepOut(new org.eclipse.lsp4j.debug.StepOutArguments()));
        StoppedEventArguments out = client.nextStop();
        assertThat(client.stack(out.getThreadId())[0].getLine())
                .as("back in the caller, at its next line")
                .isEqualTo(8);
        get(client.server().continue_(new ContinueArguments()));
        get(run);
        assertThat(global("stepped").toint()).isEqualTo(2);
    }

    @Test
    void coroutines_suspended_before_the_client_attached_are_threads_with_their_stacks() throws Exception {
        Path file = write(
                "waiting.lua",
                "setTimeout(function()",
                "  local napping = true",
                "  sleep(5000)",
                "end, 0)",
                "co = coroutine.create(function()",
                "  coroutine.yield()",
                "end)",
                "coroutine.resume(co)");
        get(runFile(file));
        clock.advanceMillis(1); // the timer runs and sleeps
        get(engine.ask("settle", () -> true));

        connect(server.start());
        client.configurationDone();
        java.util.List<org.eclipse.lsp4j.debug.Thread> threads = client.threads();
        assertThat(threads)
                .extracting(org.eclipse.lsp4j.debug.Thread::getName)
                .as("listed without running again")
                .anyMatch(n -> n.startsWith("timer #") && n.endsWith("(suspended: sleep(5000))"))
                .anyMatch(n -> n.startsWith("coroutine #") && n.endsWith("(suspended)"));

        get(client.server().pause(new PauseArguments()));
        StoppedEventArguments stop = client.nextStop();
        assertThat(stop.getReason()).isEqualTo("pause");
        int timer = threads.stream()
                .filter(t -> t.getName().startsWith("timer #"))
                .findFirst()
                .orElseThrow()
                .getId();
        StackFrame[] sleeping = client.stack(timer);
        StackFrame top = Arrays.stream(sleeping)
                .filter(f -> f.getSource() != null)
                .findFirst()
                .orElseThrow();
        assertThat(top.getLine()).as("where the timer callback sleeps").isEqualTo(3);
        assertThat(value(client.variables(client.scopes(top.getId())[0].getVariablesReference()), "napping"))
                .isEqualTo("true");
        get(client.server().continue_(new ContinueArguments()));
    }

    @Test
    void pause_while_idle_stops_the_event_loop_at_once_and_continue_lets_timers_run() throws Exception {
        Path file = write("idle.lua", "ticks = 0", "setInterval(function()", "  ticks = ticks + 1", "end, 1000)");
        get(runFile(file));
        connect(server.start());
        client.configurationDone();

        get(client.server().pause(new PauseArguments()));
        StoppedEventArguments stop = client.nextStop();
        assertThat(stop.getReason()).isEqualTo("pause");
        assertThat(stop.getThreadId()).isEqualTo(ThreadRegistry.EVENT_LOOP_ID);
        assertThat(client.threadNames()).contains("event loop (idle)");
        StackFrame[] frames = client.stack(stop.getThreadId());
        assertThat(frames).singleElement().satisfies(f -> {
            assertThat(f.getName()).contains("idle");
            assertThat(f.getSource()).isNull();
        });
        assertThat(Arrays.stream(client.scopes(frames[0].getId())).map(Scope::getName))
                .containsExactly("Globals");
        assertThat(client.evaluate("ticks", frames[0].getId())).isEqualTo("0");

        clock.advanceMillis(1000);
        get(client.server().stepIn(new org.eclipse.lsp4j.debug.StepInArguments()));
        StoppedEventArguments step = client.nextStop();
        assertThat(step.getReason())
                .as("a step from idle client.stops() at the next Lua line")
                .isEqualTo("step");
        assertThat(client.stack(step.getThreadId())[0].getLine()).isEqualTo(3);
        get(client.server().continue_(new ContinueArguments()));
        assertThat(global("ticks").toint()).isEqualTo(1);
        assertThat(client.stops()).isEmpty();
    }

    @Test
    void the_all_errors_filter_also_stops_on_an_error_pcall_catches() throws Exception {
        Path file =
                write("caught.lua", "local ok, e = pcall(function()", "  error('inside pcall')", "end)", "after = e");
        connect(server.start());
        exceptions(LuaDebugAdapter.FILTER_ALL);
        client.configurationDone();
        CompletableFuture<Void> run = runFile(file);
        StoppedEventArguments stop = client.nextStop();
        assertThat(stop.getReason()).isEqualTo("exception");
        assertThat(stop.getText()).contains("caught.lua:2: inside pcall");
        get(client.server().continue_(new ContinueArguments()));
        get(run);
        assertThat(global("after").tojstring()).contains("inside pcall");
    }

    @Test
    void stop_on_entry_waits_for_a_client_and_disconnect_lets_the_engine_run_on() throws Exception {
        Path file = write("entry.lua", "first = 1", "second = 2");
        server.stopOnEntry();
        InetSocketAddress address = server.start();
        CompletableFuture<Void> run = runFile(file);
        connect(address);
        client.configurationDone();
        StoppedEventArguments stop = client.nextStop();
        assertThat(stop.getReason()).isEqualTo("entry");
        assertThat(client.stack(stop.getThreadId())[0].getLine()).isEqualTo(1);
        assertThat(run).isNotDone();
        get(client.server().disconnect(new DisconnectArguments()));
        get(run);
        assertThat(global("second").toint()).isEqualTo(2);
    }
}
