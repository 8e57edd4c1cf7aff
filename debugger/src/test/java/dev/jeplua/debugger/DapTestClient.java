package dev.jeplua.debugger;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.debug.Capabilities;
import org.eclipse.lsp4j.debug.ConfigurationDoneArguments;
import org.eclipse.lsp4j.debug.EvaluateArguments;
import org.eclipse.lsp4j.debug.InitializeRequestArguments;
import org.eclipse.lsp4j.debug.OutputEventArguments;
import org.eclipse.lsp4j.debug.Scope;
import org.eclipse.lsp4j.debug.ScopesArguments;
import org.eclipse.lsp4j.debug.SetBreakpointsArguments;
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

/**
 * A scripted DAP client for tests (LSP4J's client side over a real socket): connects and
 * initializes, records {@code stopped} and {@code output} events, and wraps the requests tests
 * make. Every wait is bounded ({@link #WAIT_S}) only so that a broken server fails a test instead
 * of hanging it. Used by {@code DebugServerTest} (in process) and the cli's {@code DebugIT}
 * (through the jar).
 */
public final class DapTestClient implements AutoCloseable {
    /** The bound of every wait for an answer or an event (s). */
    public static final long WAIT_S = 20;

    private final Socket socket;
    private final IDebugProtocolServer dap;
    private final Capabilities capabilities;
    private final BlockingQueue<StoppedEventArguments> stops = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> outputs = new LinkedBlockingQueue<>();

    private DapTestClient(Socket socket) throws Exception {
        this.socket = socket;
        CompletableFuture<Void> initialized = new CompletableFuture<>();
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
        capabilities = get(dap.initialize(init));
        get(initialized);
    }

    /** Connects to the DAP server at {@code host:port} and completes {@code initialize} (and waits for {@code initialized}). */
    public static DapTestClient connect(String host, int port) throws Exception {
        return new DapTestClient(new Socket(host, port));
    }

    /** The server side proxy, for requests this class does not wrap. */
    public IDebugProtocolServer server() {
        return dap;
    }

    /** What the server answered to {@code initialize}. */
    public Capabilities capabilities() {
        return capabilities;
    }

    /** {@code stopped} events not taken yet. */
    public BlockingQueue<StoppedEventArguments> stops() {
        return stops;
    }

    /** Text of {@code output} events (log points) not taken yet. */
    public BlockingQueue<String> outputs() {
        return outputs;
    }

    /** Waits for an answer (at most {@link #WAIT_S} s). */
    public static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT_S, TimeUnit.SECONDS);
    }

    /** A breakpoint at {@code line} (1-based). */
    public static SourceBreakpoint at(int line) {
        SourceBreakpoint b = new SourceBreakpoint();
        b.setLine(line);
        return b;
    }

    /** Sets the breakpoints of {@code file} and checks that each is verified. */
    public void breakpoints(Path file, SourceBreakpoint... bps) throws Exception {
        SetBreakpointsArguments a = new SetBreakpointsArguments();
        Source s = new Source();
        s.setPath(file.toString());
        a.setSource(s);
        a.setBreakpoints(bps);
        var r = get(dap.setBreakpoints(a));
        assertThat(r.getBreakpoints()).allMatch(b -> b.isVerified());
    }

    /** {@code configurationDone}, then {@code attach}, as VS Code sends them. */
    public void configurationDone() throws Exception {
        get(dap.configurationDone(new ConfigurationDoneArguments()));
        get(dap.attach(Map.of()));
    }

    /** The next {@code stopped} event; fails when none comes within {@link #WAIT_S} s. */
    public StoppedEventArguments nextStop() throws InterruptedException {
        StoppedEventArguments s = stops.poll(WAIT_S, TimeUnit.SECONDS);
        assertThat(s).as("a stopped event").isNotNull();
        return s;
    }

    /** The stack of thread {@code threadId}, innermost frame first. */
    public StackFrame[] stack(int threadId) throws Exception {
        StackTraceArguments a = new StackTraceArguments();
        a.setThreadId(threadId);
        return get(dap.stackTrace(a)).getStackFrames();
    }

    /** The scopes of frame {@code frameId}. */
    public Scope[] scopes(int frameId) throws Exception {
        ScopesArguments a = new ScopesArguments();
        a.setFrameId(frameId);
        return get(dap.scopes(a)).getScopes();
    }

    /** The variables behind {@code ref} (a scope or a table). */
    public Variable[] variables(int ref) throws Exception {
        VariablesArguments a = new VariablesArguments();
        a.setVariablesReference(ref);
        return get(dap.variables(a)).getVariables();
    }

    /** The shown value of variable {@code name} in {@code vars}, or a text naming what is there instead. */
    public static String value(Variable[] vars, String name) {
        return Arrays.stream(vars)
                .filter(v -> v.getName().equals(name))
                .map(Variable::getValue)
                .findFirst()
                .orElse("<missing " + name + " in "
                        + Arrays.toString(
                                Arrays.stream(vars).map(Variable::getName).toArray()) + ">");
    }

    /** Evaluates {@code expr} in frame {@code frameId} (null: at the top level), as the debug console does. */
    public String evaluate(String expr, Integer frameId) throws Exception {
        EvaluateArguments a = new EvaluateArguments();
        a.setExpression(expr);
        a.setFrameId(frameId);
        a.setContext("repl");
        return get(dap.evaluate(a)).getResult();
    }

    /** The threads, as the {@code threads} request lists them. */
    public List<org.eclipse.lsp4j.debug.Thread> threads() throws Exception {
        return Arrays.asList(get(dap.threads()).getThreads());
    }

    /** The names of the threads. */
    public List<String> threadNames() throws Exception {
        return threads().stream().map(org.eclipse.lsp4j.debug.Thread::getName).toList();
    }

    @Override
    public void close() throws Exception {
        socket.close();
    }
}
