package dev.jeplua.debugger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.api.EngineConfig;
import dev.jeplua.engine.loop.ManualTicker;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.debug.ConfigurationDoneArguments;
import org.eclipse.lsp4j.debug.ContinueArguments;
import org.eclipse.lsp4j.debug.DisconnectArguments;
import org.eclipse.lsp4j.debug.EvaluateArguments;
import org.eclipse.lsp4j.debug.InitializeRequestArguments;
import org.eclipse.lsp4j.debug.NextArguments;
import org.eclipse.lsp4j.debug.OutputEventArguments;
import org.eclipse.lsp4j.debug.PauseArguments;
import org.eclipse.lsp4j.debug.Scope;
import org.eclipse.lsp4j.debug.ScopesArguments;
import org.eclipse.lsp4j.debug.SetBreakpointsArguments;
import org.eclipse.lsp4j.debug.SetExceptionBreakpointsArguments;
import org.eclipse.lsp4j.debug.Source;
import org.eclipse.lsp4j.debug.SourceBreakpoint;
import org.eclipse.lsp4j.debug.StackFrame;
import org.eclipse.lsp4j.debug.StackTraceArguments;
import org.eclipse.lsp4j.debug.StoppedEventArguments;
import org.eclipse.lsp4j.debug.Variable;
import org.eclipse.lsp4j.debug.VariablesArguments;
import org.eclipse.lsp4j.debug.launch.DSPLauncher;
import org.eclipse.lsp4j.debug.services.IDebugProtocolClient;
import org.eclipse.lsp4j.debug.services.IDebugProtocolServer;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.luaj.vm2.LuaValue;

/**
 * A scripted DAP client (LSP4J's client side) speaking to the real {@code --debug} server over a
 * socket, on an engine whose timers run on a manual clock. Waits for events are bounded (20 s)
 * only so that a broken server fails the test instead of hanging it.
 */
class DebugServerTest {
    private static final long WAIT_S = 20;

    @TempDir
    Path dir;

    private final ManualTicker clock = new ManualTicker();
    private LuaEngine engine;
    private DebugServer server;
    private Socket socket;
    private IDebugProtocolServer dap;
    private final BlockingQueue<StoppedEventArguments> stops = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> outputs = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> initialized = new CompletableFuture<>();

    @BeforeEach
    void start() throws Exception {
        engine = LuaEngine.builder(new EngineConfig().ticker(clock).stdout(false))
                .build();
        engine.start();
        server = new DebugServer(engine, "127.0.0.1", 0);
    }

    @AfterEach
    void stop() throws Exception {
        if (socket != null) {
            socket.close();
        }
        server.close();
        engine.close();
    }

    private void connect(InetSocketAddress address) throws Exception {
        socket = new Socket(address.getAddress(), address.getPort());
        IDebugProtocolClient client = new IDebugProtocolClient() {
            @Override
            public void initialized() {
                initialized.complete(null);
            }

            @Override
            public void stopped(StoppedEventArguments args) {
                stops.add(args);
            }

            @Override
            public void output(OutputEventArguments args) {
                outputs.add(args.getOutput());
            }
        };
        Launcher<IDebugProtocolServer> launcher =
                DSPLauncher.createClientLauncher(client, socket.getInputStream(), socket.getOutputStream());
        launcher.startListening();
        dap = launcher.getRemoteProxy();
        InitializeRequestArguments init = new InitializeRequestArguments();
        init.setAdapterID("jeplua");
        init.setLinesStartAt1(true);
        var caps = get(dap.initialize(init));
        assertThat(caps.getSupportsConfigurationDoneRequest()).isTrue();
        assertThat(caps.getSupportsConditionalBreakpoints()).isTrue();
        get(initialized);
    }

    private void breakpoints(Path file, SourceBreakpoint... bps) throws Exception {
        SetBreakpointsArguments a = new SetBreakpointsArguments();
        Source s = new Source();
        s.setPath(file.toString());
        a.setSource(s);
        a.setBreakpoints(bps);
        var r = get(dap.setBreakpoints(a));
        assertThat(r.getBreakpoints()).allMatch(b -> b.isVerified());
    }

    private static SourceBreakpoint at(int line) {
        SourceBreakpoint b = new SourceBreakpoint();
        b.setLine(line);
        return b;
    }

    private void exceptions(String... filters) throws Exception {
        SetExceptionBreakpointsArguments a = new SetExceptionBreakpointsArguments();
        a.setFilters(filters);
        get(dap.setExceptionBreakpoints(a));
    }

    private void configurationDone() throws Exception {
        get(dap.configurationDone(new ConfigurationDoneArguments()));
        get(dap.attach(Map.of()));
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

    private StoppedEventArguments nextStop() throws InterruptedException {
        StoppedEventArguments s = stops.poll(WAIT_S, TimeUnit.SECONDS);
        assertThat(s).as("a stopped event").isNotNull();
        return s;
    }

    private StackFrame[] stack(int threadId) throws Exception {
        StackTraceArguments a = new StackTraceArguments();
        a.setThreadId(threadId);
        return get(dap.stackTrace(a)).getStackFrames();
    }

    private Variable[] variables(int ref) throws Exception {
        VariablesArguments a = new VariablesArguments();
        a.setVariablesReference(ref);
        return get(dap.variables(a)).getVariables();
    }

    private Scope[] scopes(int frameId) throws Exception {
        ScopesArguments a = new ScopesArguments();
        a.setFrameId(frameId);
        return get(dap.scopes(a)).getScopes();
    }

    private static String value(Variable[] vars, String name) {
        return Arrays.stream(vars)
                .filter(v -> v.getName().equals(name))
                .map(Variable::getValue)
                .findFirst()
                .orElse("<missing " + name + " in "
                        + Arrays.toString(
                                Arrays.stream(vars).map(Variable::getName).toArray()) + ">");
    }

    private String evaluate(String expr, Integer frameId) throws Exception {
        EvaluateArguments a = new EvaluateArguments();
        a.setExpression(expr);
        a.setFrameId(frameId);
        a.setContext("repl");
        return get(dap.evaluate(a)).getResult();
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT_S, TimeUnit.SECONDS);
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
        breakpoints(file, at(8));
        exceptions(LuaDebugAdapter.FILTER_UNCAUGHT);
        configurationDone();
        get(runFile(file));
        assertThat(stops)
                .as("the breakpoint is in the callback, which has not run yet")
                .isEmpty();

        clock.advanceMillis(10);
        StoppedEventArguments stop = nextStop();
        assertThat(stop.getReason()).isEqualTo("breakpoint");
        StackFrame[] frames = stack(stop.getThreadId());
        assertThat(frames[0].getLine()).isEqualTo(8);
        assertThat(frames[0].getSource().getPath()).isEqualTo(file.toRealPath().toString());
        assertThat(threadNames()).anyMatch(n -> n.startsWith("timer #" + stop.getThreadId()));

        Scope[] scopes = scopes(frames[0].getId());
        assertThat(Arrays.stream(scopes).map(Scope::getName)).containsExactly("Locals", "Upvalues", "Globals");
        assertThat(value(variables(scopes[0].getVariablesReference()), "here")).isEqualTo("5");
        Variable[] ups = variables(scopes[1].getVariablesReference());
        assertThat(value(ups, "up")).isEqualTo("10");
        assertThat(value(ups, "work")).startsWith("function");
        assertThat(evaluate("here * up + 1", frames[0].getId())).isEqualTo("51");

        get(dap.next(new NextArguments()));
        StoppedEventArguments stepped = nextStop();
        assertThat(stepped.getReason()).isEqualTo("step");
        StackFrame[] after = stack(stepped.getThreadId());
        assertThat(after[0].getLine()).as("stepped over the call to work").isEqualTo(9);
        Scope[] scopes2 = scopes(after[0].getId());
        assertThat(value(variables(scopes2[0].getVariablesReference()), "r")).isEqualTo("30");

        get(dap.continue_(new ContinueArguments()));
        assertThat(global("result").toint()).isEqualTo(30);
        assertThat(stops).isEmpty();
    }

    private java.util.List<String> threadNames() throws Exception {
        return Arrays.stream(get(dap.threads()).getThreads())
                .map(org.eclipse.lsp4j.debug.Thread::getName)
                .toList();
    }

    @Test
    void pause_stops_a_loop_that_never_ends_and_evaluate_can_end_it() throws Exception {
        Path file = write("spin.lua", "done = false", "local n = 0", "while not done do n = n + 1 end", "return n");
        connect(server.start());
        configurationDone();
        CompletableFuture<Void> run = runFile(file);
        get(dap.pause(new PauseArguments()));
        StoppedEventArguments stop = nextStop();
        assertThat(stop.getReason()).isEqualTo("pause");
        StackFrame[] frames = stack(stop.getThreadId());
        assertThat(frames[0].getLine()).isEqualTo(3);
        assertThat(evaluate("n > 0", frames[0].getId())).isEqualTo("true");
        evaluate("done = true", frames[0].getId());
        get(dap.continue_(new ContinueArguments()));
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
        configurationDone();
        get(runFile(file));
        assertThat(stops).as("an error pcall catches does not stop").isEmpty();
        clock.advanceMillis(20);
        StoppedEventArguments stop = nextStop();
        assertThat(stop.getReason()).isEqualTo("exception");
        assertThat(stop.getText()).contains("boom.lua:4: boom 42");
        StackFrame[] frames = stack(stop.getThreadId());
        assertThat(frames[0].getLine()).isEqualTo(4);
        assertThat(value(variables(scopes(frames[0].getId())[0].getVariablesReference()), "reason"))
                .isEqualTo("\"boom\"");
        var info = get(dap.exceptionInfo(new org.eclipse.lsp4j.debug.ExceptionInfoArguments()));
        assertThat(info.getDescription()).contains("boom 42");
        get(dap.continue_(new ContinueArguments()));
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
        breakpoints(dir.resolve("mod.lua"), cond, log);
        configurationDone();
        CompletableFuture<Void> run = runFile(main);
        StoppedEventArguments stop = nextStop();
        StackFrame[] frames = stack(stop.getThreadId());
        assertThat(frames[0].getLine()).isEqualTo(4);
        assertThat(frames[0].getName()).contains("f");
        assertThat(evaluate("i", frames[0].getId())).isEqualTo("3");
        get(dap.continue_(new ContinueArguments()));
        get(run);
        assertThat(stops).isEmpty();
        java.util.List<String> logged = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) { // output events travel apart from the run's completion: wait for each
            String line = outputs.poll(WAIT_S, TimeUnit.SECONDS);
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
        breakpoints(file, at(7));
        configurationDone();
        CompletableFuture<Void> run = runFile(file);
        StoppedEventArguments stop = nextStop();
        assertThat(stack(stop.getThreadId())[0].getLine()).isEqualTo(7);

        org.eclipse.lsp4j.debug.Thread[] threads = get(dap.threads()).getThreads();
        org.eclipse.lsp4j.debug.Thread waiting = Arrays.stream(threads)
                .filter(t -> t.getName().endsWith("(suspended)"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(Arrays.toString(threads)));
        assertThat(waiting.getName()).startsWith("coroutine #");
        StackFrame[] waitsAt = stack(waiting.getId());
        assertThat(waitsAt[waitsAt.length - 1].getLine())
                .as("where the coroutine yielded")
                .isEqualTo(5);

        get(dap.stepIn(new org.eclipse.lsp4j.debug.StepInArguments()));
        StoppedEventArguments in = nextStop();
        StackFrame[] inner = stack(in.getThreadId());
        assertThat(inner[0].getLine()).isEqualTo(2);
        assertThat(inner[0].getName()).isEqualTo("inner");
        assertThat(inner[1].getLine()).isEqualTo(7);

        get(dap.stepOut(new org.eclipse.lsp4j.debug.StepOutArguments()));
        StoppedEventArguments out = nextStop();
        assertThat(stack(out.getThreadId())[0].getLine())
                .as("back in the caller, at its next line")
                .isEqualTo(8);
        get(dap.continue_(new ContinueArguments()));
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
        configurationDone();
        java.util.List<org.eclipse.lsp4j.debug.Thread> threads =
                Arrays.asList(get(dap.threads()).getThreads());
        assertThat(threads)
                .extracting(org.eclipse.lsp4j.debug.Thread::getName)
                .as("listed without running again")
                .anyMatch(n -> n.startsWith("timer #") && n.endsWith("(suspended: sleep(5000))"))
                .anyMatch(n -> n.startsWith("coroutine #") && n.endsWith("(suspended)"));

        get(dap.pause(new PauseArguments()));
        StoppedEventArguments stop = nextStop();
        assertThat(stop.getReason()).isEqualTo("pause");
        int timer = threads.stream()
                .filter(t -> t.getName().startsWith("timer #"))
                .findFirst()
                .orElseThrow()
                .getId();
        StackFrame[] sleeping = stack(timer);
        StackFrame top = Arrays.stream(sleeping)
                .filter(f -> f.getSource() != null)
                .findFirst()
                .orElseThrow();
        assertThat(top.getLine()).as("where the timer callback sleeps").isEqualTo(3);
        assertThat(value(variables(scopes(top.getId())[0].getVariablesReference()), "napping"))
                .isEqualTo("true");
        get(dap.continue_(new ContinueArguments()));
    }

    @Test
    void pause_while_idle_stops_the_event_loop_at_once_and_continue_lets_timers_run() throws Exception {
        Path file = write("idle.lua", "ticks = 0", "setInterval(function()", "  ticks = ticks + 1", "end, 1000)");
        get(runFile(file));
        connect(server.start());
        configurationDone();

        get(dap.pause(new PauseArguments()));
        StoppedEventArguments stop = nextStop();
        assertThat(stop.getReason()).isEqualTo("pause");
        assertThat(stop.getThreadId()).isEqualTo(ThreadRegistry.EVENT_LOOP_ID);
        assertThat(threadNames()).contains("event loop (idle)");
        StackFrame[] frames = stack(stop.getThreadId());
        assertThat(frames).singleElement().satisfies(f -> {
            assertThat(f.getName()).contains("idle");
            assertThat(f.getSource()).isNull();
        });
        assertThat(Arrays.stream(scopes(frames[0].getId())).map(Scope::getName)).containsExactly("Globals");
        assertThat(evaluate("ticks", frames[0].getId())).isEqualTo("0");

        clock.advanceMillis(1000);
        get(dap.stepIn(new org.eclipse.lsp4j.debug.StepInArguments()));
        StoppedEventArguments step = nextStop();
        assertThat(step.getReason())
                .as("a step from idle stops at the next Lua line")
                .isEqualTo("step");
        assertThat(stack(step.getThreadId())[0].getLine()).isEqualTo(3);
        get(dap.continue_(new ContinueArguments()));
        assertThat(global("ticks").toint()).isEqualTo(1);
        assertThat(stops).isEmpty();
    }

    @Test
    void the_all_errors_filter_also_stops_on_an_error_pcall_catches() throws Exception {
        Path file =
                write("caught.lua", "local ok, e = pcall(function()", "  error('inside pcall')", "end)", "after = e");
        connect(server.start());
        exceptions(LuaDebugAdapter.FILTER_ALL);
        configurationDone();
        CompletableFuture<Void> run = runFile(file);
        StoppedEventArguments stop = nextStop();
        assertThat(stop.getReason()).isEqualTo("exception");
        assertThat(stop.getText()).contains("caught.lua:2: inside pcall");
        get(dap.continue_(new ContinueArguments()));
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
        configurationDone();
        StoppedEventArguments stop = nextStop();
        assertThat(stop.getReason()).isEqualTo("entry");
        assertThat(stack(stop.getThreadId())[0].getLine()).isEqualTo(1);
        assertThat(run).isNotDone();
        get(dap.disconnect(new DisconnectArguments()));
        get(run);
        assertThat(global("second").toint()).isEqualTo(2);
    }
}
