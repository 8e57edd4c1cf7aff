package dev.jeplua.cli;

import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.api.EngineConfig;
import dev.jeplua.engine.api.StartupTrace;
import dev.jeplua.engine.bridge.WebControlLib;
import dev.jeplua.engine.coroutine.CallbackTask;
import dev.jeplua.engine.output.OutputBus;
import dev.jeplua.engine.output.StreamOutput;
import dev.jeplua.engine.session.ExecutionContext;
import dev.jeplua.fibaro.FibaroLib;
import dev.jeplua.gui.SwingWindowService;
import dev.jeplua.gui.model.GuiLib;
import dev.jeplua.lfs.LfsLib;
import dev.jeplua.net.NetLib;
import dev.jeplua.repl.ReplClient;
import dev.jeplua.store.StoreLib;
import dev.jeplua.telnet.TelnetServer;
import dev.jeplua.web.WebServerControlService;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;
import sun.misc.Signal;

/**
 * Runs one command-line invocation on an engine: {@code -l} modules, {@code -e} fragments and
 * the script, in order, each inside a coroutine and each waiting for the previous one to end
 * (they may yield), then keeps the loop running while something keeps the process alive.
 * Main thread; the steps run on the engine thread.
 */
final class Launcher {
    /** What to run. */
    record Plan(List<String> libs, List<String> exec, Main.ScriptSource script, boolean interactive, Double runFor) {}

    /**
     * Who may use the servers the command line starts (see {@code docs/security.md}).
     *
     * @param apiToken         bearer token of the REST API, or null for none
     * @param telnetToken      token telnet clients send with {@code :auth}, or null for none
     * @param allowHosts       extra {@code Host} names the REST API accepts ({@code --api-allow-host})
     * @param allowOrigins     extra page origins allowed to POST and open {@code /ws} ({@code --api-allow-origin})
     * @param telnetTimeoutMs  default per-command timeout of telnet clients (ms, 0 = none)
     * @param insecureBind     {@code --insecure-bind}: non-loopback addresses without a token are allowed
     */
    record Security(
            String apiToken,
            String telnetToken,
            List<String> allowHosts,
            List<String> allowOrigins,
            long telnetTimeoutMs,
            boolean insecureBind) {
        /** Loopback-only defaults without tokens (tests). */
        static final Security DEFAULT = new Security(null, null, List.of(), List.of(), 30_000, false);
    }

    /**
     * How long after the engine starts the telnet REPL and REST API are started when the run may
     * end by itself (ms): a run over by then never starts them. Longer runs get them at this time,
     * and a running script can be interrupted from them (telnet, REST) from then on.
     */
    static final long SERVER_DELAY_MS = 500;

    /**
     * How long after the end of the first event-loop batch that ran a start-up step (the main
     * chunk returned or is waiting, e.g. in {@code sleep}) the servers are started, if that is
     * before {@link #SERVER_DELAY_MS} (ms): long enough for a run that ends with its main chunk to
     * be gone. A main chunk that computes for longer ends its batch later and gets them at {@link
     * #SERVER_DELAY_MS}.
     */
    static final long SERVER_GRACE_MS = 50;

    /** Whether the end of the current batch brings the servers' start forward (engine thread). */
    private boolean serverStartArmed;

    private final EngineConfig config;
    private final PrintStream err;
    /** Which startup step is running, and the exit status the run's end gives. */
    private final RunEnd runEnd;

    private Security security = Security.DEFAULT;
    private String apiToken;

    private WebServerControlService webControl;
    /** The telnet REPL and REST API of the run (null before {@link #run} builds the engine). */
    private ServerStarter servers;
    /** With {@code --fibaro}: the QuickApp runtime, whose HC3 API the REST server mounts under /api. */
    private FibaroLib fibaro;

    /** The {@code -i} line editor while it runs. */
    private volatile ReplClient repl;
    /** With {@code -i}: stdout copy of the output until the line editor shows it instead. */
    private volatile OutputBus.Subscription stdoutUntilRepl;

    private boolean copyStdoutBeforeRepl;
    /** {@code --watch}: the script runs again when a file it loaded changes (ScriptWatcher). */
    private boolean watch;

    private List<java.nio.file.Path> luaDirs = List.of();

    /** {@code --debug}: where the DAP server listens, and whether to stop before the first line; null host = off. */
    private String debugHost;

    private int debugPort;
    private boolean debugWait;

    Launcher(EngineConfig config, PrintStream err) {
        this.config = config;
        this.err = err;
        this.runEnd = new RunEnd(err);
    }

    /** Runs the plan and returns the process exit status. */
    int run(Plan plan) {
        if (debugHost != null) {
            // --debug: breakpoints and steps need every line reported, which the interpreter does
            // and the compiled tier does not (docs/compiled-tier.md#debugging)
            System.setProperty(dev.jeplua.engine.compile.CompileMode.PROPERTY, "off");
        }
        // The composition root: the engine with the host libraries of a real process.
        WebControlLib webControlLib = new WebControlLib();
        StoreLib storeLib = new StoreLib();
        LuaEngine.Builder builder = LuaEngine.builder(config)
                .library(new NetLib())
                .library(storeLib)
                .library(new LfsLib())
                .library(new GuiLib(SwingWindowService.lazy(config.headless()))) // AWT loads on the first window call
                .library(webControlLib);
        fibaro = fibaroLib(config);
        if (fibaro != null) {
            builder.library(fibaro); // --fibaro: the QuickApp runtime and the offline HC3 (docs/fibaro.md)
        }
        StartupTrace.mark("launcher: building the engine");
        LuaEngine engine = builder.build();
        StartupTrace.mark("launcher: engine built");
        if (fibaro != null && fibaro.needsStoreAtStart()) {
            storeLib.openAhead(); // the QuickApp's home is read from the store before onInit
        }
        installSignalHandlers(engine);
        if (plan.interactive() && copyStdoutBeforeRepl) {
            StreamOutput stdout = new StreamOutput(new java.io.FileOutputStream(java.io.FileDescriptor.out));
            OutputBus.Subscription subscription = engine.output().subscribe(stdout);
            stdoutUntilRepl = () -> {
                stdout.flush(); // what the script printed in this batch is still buffered
                subscription.close();
            };
        }
        if (plan.script() != null) {
            setArgTable(engine, plan.script());
        }
        startDebugger(engine);
        engine.start();
        scheduleRunFor(engine, plan.runFor());
        // The service behind _PY.start_web_server must exist before the script runs.
        webControl = new WebServerControlService(
                engine, apiToken, security.allowHosts(), security.allowOrigins(), security.insecureBind(), err);
        webControlLib.bind(webControl);
        engine.addCloseable(webControl);
        // Servers start on their own thread while the script runs: a short script does not
        // wait for Netty and Undertow to come up. When the run may end by itself, they start
        // SERVER_DELAY_MS after this, or SERVER_GRACE_MS after the first batch that ran a start-up
        // step if that is sooner: a script that is over by then never pays for them.
        boolean mayEndByItself = !watch && !plan.interactive() && (plan.runFor() == null || plan.runFor() > 0);
        servers = new ServerStarter(config, security, webControl, fibaro, err);
        servers.startInBackground(engine, mayEndByItself ? SERVER_DELAY_MS : 0);
        StartupTrace.mark("launcher: engine started, steps queued next");

        CompletableFuture<Boolean> steps = CompletableFuture.completedFuture(true);
        for (String lib : plan.libs()) {
            steps = then(steps, engine, e -> require(e, lib), false, "-l module");
        }
        for (String code : plan.exec()) {
            steps = then(
                    steps,
                    engine,
                    e -> e.compile(code.getBytes(java.nio.charset.StandardCharsets.UTF_8), "=(command line)"),
                    true,
                    "-e fragment");
        }
        Main.ScriptSource script = plan.script();
        ScriptWatcher watcher = watch ? watcher(engine, script) : null;
        if (watcher != null) {
            steps = steps.thenCompose(ok -> ok
                    ? engine.ask("watch", () -> {
                        watcher.prepare();
                        return true;
                    })
                    : CompletableFuture.completedFuture(false));
        }
        if (script != null) {
            steps = then(steps, engine, e -> mainChunk(e, script, script.code()), false, "main chunk");
        }
        Double runFor = plan.runFor();
        boolean endWhenIdle = watcher == null && !plan.interactive() && (runFor == null || runFor > 0);
        if (endWhenIdle) {
            // From the start, not once the steps are done: a step that yields with nothing left
            // to resume it ends the run (RunEnd: status 13) instead of waiting forever. The first
            // step is queued already, and each step queues the next before it ends.
            engine.setExitWhenIdle(true);
        }
        steps.whenComplete((ok, failure) -> {
            if (watcher != null) {
                // --watch: the process lives on whatever the run did, until Ctrl-C
                if (failure != null || !ok) {
                    watcher.waiting();
                }
                watcher.start();
                engine.addCloseable(watcher);
                return;
            }
            if (failure != null || !ok) {
                engine.shutdown(1);
                return;
            }
            if (plan.interactive()) {
                startInteractive(engine); // the line editor keeps the engine running until Ctrl-D
            }
        });
        int loopStatus = engine.termination().join();
        StartupTrace.mark("launcher: event loop ended");
        int status = runEnd.status(engine, loopStatus, plan.interactive());
        // Servers do not keep a script run alive, and that includes their start-up: a run that
        // ends before they are up does not wait for them (the process exit releases the ports).
        ReplClient editor = repl;
        if (editor != null) {
            editor.close(); // restores the terminal's modes before the process exits
        }
        servers.finishAtExit(engine, status);
        StartupTrace.mark("launcher: closed, exiting");
        StartupTrace.report(err);
        return status;
    }

    /** The {@code --fibaro} library when {@code _PY.config.fibaro} is set ({@code --fibaro}), else null. */
    private static FibaroLib fibaroLib(EngineConfig config) {
        java.util.Map<String, Object> hc = config.hostConfig();
        if (!Boolean.TRUE.equals(hc.get("fibaro"))) {
            return null;
        }
        Object resources = hc.get("fibaro_resources");
        return new FibaroLib(resources == null ? null : java.nio.file.Path.of(resources.toString()));
    }

    /** {@code --debug [HOST:]PORT} and {@code --debug-wait} (before {@link #run}). */
    void debug(String host, int port, boolean waitForDebugger) {
        this.debugHost = host;
        this.debugPort = port;
        this.debugWait = waitForDebugger;
    }

    /**
     * Starts the DAP server before the engine runs any Lua code (docs/debugging.md); a port in
     * use is a one-line warning and the script runs without it.
     */
    private void startDebugger(LuaEngine engine) {
        if (debugHost == null) {
            return;
        }
        dev.jeplua.debugger.DebugServer server = new dev.jeplua.debugger.DebugServer(engine, debugHost, debugPort);
        try {
            java.net.InetSocketAddress at = server.start();
            if (debugWait) {
                server.stopOnEntry();
            }
            engine.addCloseable(server);
            err.println("jeplua: debugger (DAP) listening on " + at.getHostString() + ":" + at.getPort()
                    + (debugWait ? ", waiting for a client before the first line" : ""));
        } catch (IOException e) {
            server.close();
            err.println("jeplua: warning: debugger not started: cannot bind " + debugHost + ":" + debugPort + " ("
                    + e.getMessage() + ")");
        }
    }

    /** With {@code -i}: copy output to stdout until the line editor takes over (false with {@code --quiet}). */
    void copyStdoutBeforeRepl(boolean copy) {
        this.copyStdoutBeforeRepl = copy;
    }

    /**
     * {@code -i}: opens the line editor of {@code jeplua repl} on this terminal, attached to a
     * private telnet REPL on a free loopback port, with the telnet token and no per-command
     * timeout (as the {@code lua} interpreter's REPL has none; the shared telnet server's timeout
     * protects other clients). Ctrl-D ends the process. Runs the editor on the thread
     * {@code jeplua-repl}.
     */
    private void startInteractive(LuaEngine engine) {
        servers.awaitStarted();
        try {
            TelnetServer local =
                    new TelnetServer(engine, new TelnetServer.Options("127.0.0.1", 0, security.telnetToken(), 0));
            java.net.InetSocketAddress address = local.start();
            engine.addCloseable(local);
            repl = ReplClient.attach(address.getHostString(), address.getPort(), security.telnetToken());
        } catch (IOException e) {
            err.println("jeplua: cannot open the interactive REPL: " + e.getMessage());
            engine.shutdown(1);
            return;
        }
        OutputBus.Subscription copy = stdoutUntilRepl;
        if (copy != null) {
            copy.close();
        }
        Thread editor = new Thread(
                () -> {
                    repl.run();
                    engine.shutdown(0);
                },
                "jeplua-repl");
        editor.setDaemon(true);
        editor.start();
    }

    /**
     * {@code --watch}: runs the script again when it or a file it loaded changes (README.md#watch);
     * the process then runs until a signal ends it.
     *
     * @param luaDirs the {@code --lua-dir} directories, whose {@code .lua} files are watched too
     */
    void watch(boolean on, List<java.nio.file.Path> luaDirs) {
        this.watch = on;
        this.luaDirs = List.copyOf(luaDirs);
    }

    /** The watcher of a {@code --watch} run, or null (with a warning) when the script is no file. */
    private ScriptWatcher watcher(LuaEngine engine, Main.ScriptSource script) {
        if (script == null || !script.chunkName().startsWith("@")) {
            err.println("jeplua: warning: --watch needs a script file; not watching");
            return null;
        }
        try {
            return new ScriptWatcher(
                    engine,
                    java.nio.file.Path.of(script.name()),
                    script.name(),
                    luaDirs,
                    err,
                    code -> runStep(engine, e -> mainChunk(e, script, code), false, "main chunk"));
        } catch (IOException e) {
            err.println("jeplua: warning: --watch: cannot watch files (" + e.getMessage() + "); not watching");
            return null;
        }
    }

    /** The main chunk compiled from {@code code}, called with the script's arguments. Engine thread. */
    /**
     * The main chunk as a step: compiled on the engine thread, called with the script's arguments;
     * with {@code --fibaro} wrapped so it runs as a QuickApp (headers, includes, then onInit).
     */
    private LuaValue mainChunk(LuaEngine engine, Main.ScriptSource script, byte[] code) {
        LuaValue[] args = script.args().stream().map(LuaValue::valueOf).toArray(LuaValue[]::new);
        String text = new String(code, java.nio.charset.StandardCharsets.UTF_8);
        LuaValue chunk = fibaro != null && FibaroLib.isFqa(script.name())
                ? fibaro.fqaMain(text, script.name()) // a QuickApp export (JSON), docs/fibaro.md#fqa-files
                : fibaro != null
                        ? fibaro.quickAppMain(engine.compile(code, script.chunkName()), text, script.name())
                        : engine.compile(code, script.chunkName());
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs ignored) {
                return chunk.invoke(LuaValue.varargsOf(args));
            }
        };
    }

    /** Sets tokens, allow lists and limits of the servers (before {@link #run}). */
    void security(Security security) {
        this.security = security;
        this.apiToken = security.apiToken();
    }

    /** Chains one startup step after the previous ones; the step's chunk is built on the engine thread. */
    private CompletableFuture<Boolean> then(
            CompletableFuture<Boolean> previous,
            LuaEngine engine,
            Function<LuaEngine, LuaValue> chunk,
            boolean printResults,
            String stepName) {
        return previous.thenCompose(
                ok -> ok ? runStep(engine, chunk, printResults, stepName) : CompletableFuture.completedFuture(false));
    }

    private CompletableFuture<Boolean> runStep(
            LuaEngine engine, Function<LuaEngine, LuaValue> chunk, boolean printResults, String stepName) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        LuaValue body = new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                runEnd.stepStarted(engine.scheduler().running(), stepName);
                armServerStart(engine);
                StartupTrace.mark(stepName + ": compiling");
                LuaValue function = chunk.apply(engine);
                StartupTrace.mark(stepName + ": running");
                Varargs values = function.invoke(NONE);
                StartupTrace.mark(stepName + ": returned");
                if (printResults && values.narg() > 0) {
                    engine.globals().get("print").invoke(values);
                }
                return values;
            }
        };
        engine.submit(new CallbackTask(body, LuaValue.NONE, "main chunk", ExecutionContext.NONE) {
            @Override
            protected void done(Varargs results, LuaValue error, String traceback) {
                runEnd.stepEnded();
                if (error == null) {
                    result.complete(true);
                    return;
                }
                if (engine.loop().isStopRequested()) {
                    result.complete(false); // stopped by a signal or --run-for: not a script error
                    return;
                }
                engine.output().flush();
                StringBuilder sb = new StringBuilder("jeplua: ").append(describe(error));
                if (traceback != null) {
                    sb.append('\n').append(traceback);
                }
                err.println(sb);
                err.flush();
                result.complete(false);
            }
        });
        return result;
    }

    /**
     * Once, in the first start-up step: at the end of this event-loop batch the servers start, at
     * once when the step waits (it yielded: {@code sleep}, a reply), else within {@link
     * #SERVER_GRACE_MS} unless the run ends first. Engine thread.
     */
    private void armServerStart(LuaEngine engine) {
        if (serverStartArmed) {
            return;
        }
        serverStartArmed = true;
        Runnable[] hook = new Runnable[1];
        hook[0] = () -> {
            engine.loop().removeBatchHook(hook[0]);
            // a step still running waits (sleep, a reply): the run lasts, start them now
            servers.startSoon(runEnd.stepRunning() ? 0 : SERVER_GRACE_MS);
        };
        engine.loop().addBatchHook(hook[0]);
    }

    /** lua.c's message for an error value: strings as they are, else __tostring, else its type. */
    static String describe(LuaValue error) {
        if (error.isstring()) {
            return error.tojstring();
        }
        if (!error.metatag(LuaValue.valueOf("__tostring")).isnil()) {
            return error.tostring().tojstring();
        }
        return "(error object is a " + error.typename() + " value)";
    }

    private static LuaValue require(LuaEngine engine, String spec) {
        int eq = spec.indexOf('=');
        String global = eq > 0 ? spec.substring(0, eq) : spec;
        String module = eq > 0 ? spec.substring(eq + 1) : spec;
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaValue value = engine.globals().get("require").call(LuaValue.valueOf(module));
                engine.globals().set(global, value);
                return NONE;
            }
        };
    }

    private static void setArgTable(LuaEngine engine, Main.ScriptSource script) {
        LuaTable arg = new LuaTable();
        arg.set(0, LuaValue.valueOf(script.name()));
        int i = 1;
        for (String a : script.args()) {
            arg.set(i++, LuaValue.valueOf(a));
        }
        engine.globals().set("arg", arg);
    }

    private static void scheduleRunFor(LuaEngine engine, Double runFor) {
        if (runFor == null || runFor == 0) {
            return;
        }
        long ms = (long) (Math.abs(runFor) * 1000);
        engine.config().ticker().schedule(ms, () -> engine.shutdown(0));
    }

    private static void installSignalHandlers(LuaEngine engine) {
        handle("INT", engine, 130);
        handle("TERM", engine, 143);
    }

    private static void handle(String name, LuaEngine engine, int status) {
        try {
            Signal.handle(new Signal(name), s -> {
                engine.shutdown(status);
                engine.interruptAll("interrupted");
                engine.config().ticker().schedule(2000, () -> Runtime.getRuntime()
                        .halt(status));
            });
        } catch (IllegalArgumentException e) {
            // signal not available on this platform: default handling applies
        }
    }
}
