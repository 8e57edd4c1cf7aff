package dev.jeplua.debugger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.debug.Breakpoint;
import org.eclipse.lsp4j.debug.Capabilities;
import org.eclipse.lsp4j.debug.ConfigurationDoneArguments;
import org.eclipse.lsp4j.debug.ContinueArguments;
import org.eclipse.lsp4j.debug.ContinueResponse;
import org.eclipse.lsp4j.debug.DisconnectArguments;
import org.eclipse.lsp4j.debug.EvaluateArguments;
import org.eclipse.lsp4j.debug.EvaluateResponse;
import org.eclipse.lsp4j.debug.ExceptionBreakMode;
import org.eclipse.lsp4j.debug.ExceptionBreakpointsFilter;
import org.eclipse.lsp4j.debug.ExceptionInfoArguments;
import org.eclipse.lsp4j.debug.ExceptionInfoResponse;
import org.eclipse.lsp4j.debug.InitializeRequestArguments;
import org.eclipse.lsp4j.debug.NextArguments;
import org.eclipse.lsp4j.debug.OutputEventArguments;
import org.eclipse.lsp4j.debug.PauseArguments;
import org.eclipse.lsp4j.debug.Scope;
import org.eclipse.lsp4j.debug.ScopesArguments;
import org.eclipse.lsp4j.debug.ScopesResponse;
import org.eclipse.lsp4j.debug.SetBreakpointsArguments;
import org.eclipse.lsp4j.debug.SetBreakpointsResponse;
import org.eclipse.lsp4j.debug.SetExceptionBreakpointsArguments;
import org.eclipse.lsp4j.debug.SetExceptionBreakpointsResponse;
import org.eclipse.lsp4j.debug.Source;
import org.eclipse.lsp4j.debug.SourceBreakpoint;
import org.eclipse.lsp4j.debug.StackFrame;
import org.eclipse.lsp4j.debug.StackFramePresentationHint;
import org.eclipse.lsp4j.debug.StackTraceArguments;
import org.eclipse.lsp4j.debug.StackTraceResponse;
import org.eclipse.lsp4j.debug.StepInArguments;
import org.eclipse.lsp4j.debug.StepOutArguments;
import org.eclipse.lsp4j.debug.StoppedEventArguments;
import org.eclipse.lsp4j.debug.Thread;
import org.eclipse.lsp4j.debug.ThreadsResponse;
import org.eclipse.lsp4j.debug.Variable;
import org.eclipse.lsp4j.debug.VariablesArguments;
import org.eclipse.lsp4j.debug.VariablesResponse;
import org.eclipse.lsp4j.debug.services.IDebugProtocolClient;
import org.eclipse.lsp4j.debug.services.IDebugProtocolServer;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The Debug Adapter Protocol requests of one connected client (VS Code or any DAP client),
 * translated to the {@link Debugger}: the LSP4J debug module reads and writes the messages and
 * calls these methods on its reader thread; each either acts at once (breakpoints, continue,
 * pause) or runs on the stopped engine thread and completes its future from there (stack,
 * scopes, variables, evaluate). Reference: the Debug Adapter Protocol specification
 * (microsoft.github.io/debug-adapter-protocol).
 */
final class LuaDebugAdapter implements IDebugProtocolServer, Debugger.Events {
    /** Exception filter: errors no {@code pcall} catches (callbacks, the main chunk). */
    static final String FILTER_UNCAUGHT = "uncaught";
    /** Exception filter: every error raised, caught or not. */
    static final String FILTER_ALL = "all";

    private static final int TABLE_ENTRIES_SHOWN = 1000;
    /** How long a {@code threads} request waits for a busy engine before answering with the last list (ms). */
    private static final long THREADS_WAIT_MS = 500;
    /** The one frame of the idle event loop's stack (a label: no source, no locals). */
    private static final Object IDLE_FRAME = new Object();

    private final Debugger debugger;
    private final Runnable onDisconnect;
    private final Handles handles = new Handles();
    private volatile IDebugProtocolClient client;
    private volatile boolean configured;

    /**
     * @param debugger     the engine side
     * @param onDisconnect run once the answer to a {@code disconnect} request is written (the server closes the connection)
     */
    LuaDebugAdapter(Debugger debugger, Runnable onDisconnect) {
        this.debugger = debugger;
        this.onDisconnect = onDisconnect;
    }

    /** Connects the client side proxy (events go there). */
    void connect(IDebugProtocolClient client) {
        this.client = client;
    }

    // ---------------------------------------------------------------- Debugger.Events (engine thread)

    @Override
    public void stopped(String reason, int threadId, String description, String text) {
        handles.clear();
        IDebugProtocolClient c = client;
        if (c == null || !configured) {
            return; // told on configurationDone
        }
        c.stopped(stoppedEvent(reason, threadId, description, text));
    }

    private static StoppedEventArguments stoppedEvent(String reason, int threadId, String description, String text) {
        StoppedEventArguments e = new StoppedEventArguments();
        e.setReason(reason);
        e.setThreadId(threadId);
        e.setAllThreadsStopped(true);
        if (text != null) {
            e.setDescription(description == null ? text : description);
            e.setText(text);
        }
        return e;
    }

    @Override
    public void output(String text) {
        IDebugProtocolClient c = client;
        if (c != null) {
            OutputEventArguments o = new OutputEventArguments();
            o.setCategory("console");
            o.setOutput(text);
            c.output(o);
        }
    }

    // ---------------------------------------------------------------- session

    @Override
    public CompletableFuture<Capabilities> initialize(InitializeRequestArguments args) {
        Capabilities c = new Capabilities();
        c.setSupportsConfigurationDoneRequest(true);
        c.setSupportsConditionalBreakpoints(true);
        c.setSupportsLogPoints(true);
        c.setSupportsEvaluateForHovers(true);
        c.setSupportsExceptionInfoRequest(true);
        c.setSupportsTerminateRequest(false);
        ExceptionBreakpointsFilter uncaught = new ExceptionBreakpointsFilter();
        uncaught.setFilter(FILTER_UNCAUGHT);
        uncaught.setLabel("Uncaught errors");
        uncaught.setDescription("Stop where an error no pcall catches is raised (callbacks, main chunk)");
        uncaught.setDefault_(true);
        ExceptionBreakpointsFilter all = new ExceptionBreakpointsFilter();
        all.setFilter(FILTER_ALL);
        all.setLabel("All errors");
        all.setDescription("Stop where any error is raised, also inside pcall");
        all.setDefault_(false);
        c.setExceptionBreakpointFilters(new ExceptionBreakpointsFilter[] {uncaught, all});
        debugger.attach(this);
        return CompletableFuture.completedFuture(c); // the initialized event follows the response: see #wrap
    }

    private volatile String initializeRequestId;
    private volatile String disconnectRequestId;
    /** The {@code continue}, {@code next}, {@code stepIn} or {@code stepOut} request being answered. */
    private volatile String resumeRequestId;
    /** What that request resumes, run once its response has been written (see #wrap). */
    private volatile Runnable resumeAfterReply;

    private static final java.util.Set<String> RESUMING = java.util.Set.of("continue", "next", "stepIn", "stepOut");

    /**
     * Wraps LSP4J's message streams (both directions) so that the {@code initialized} event is
     * sent right after the {@code initialize} response has been written, as DAP requires, the
     * connection is closed only once the {@code disconnect} response has been written, and the
     * engine resumes from a {@code continue} or a step only once that request's response has been
     * written: resumed before, a script that then ends could exit the process before the client
     * had its answer.
     */
    org.eclipse.lsp4j.jsonrpc.MessageConsumer wrap(org.eclipse.lsp4j.jsonrpc.MessageConsumer next) {
        return message -> {
            if (message instanceof org.eclipse.lsp4j.jsonrpc.messages.RequestMessage rq) {
                if ("initialize".equals(rq.getMethod())) {
                    initializeRequestId = rq.getId();
                } else if ("disconnect".equals(rq.getMethod())) {
                    disconnectRequestId = rq.getId();
                } else if (RESUMING.contains(rq.getMethod())) {
                    resumeRequestId = rq.getId();
                }
            }
            next.consume(message);
            if (message instanceof org.eclipse.lsp4j.jsonrpc.messages.ResponseMessage rs && rs.getId() != null) {
                if (rs.getId().equals(initializeRequestId)) {
                    initializeRequestId = null;
                    IDebugProtocolClient cl = client;
                    if (cl != null) {
                        cl.initialized();
                    }
                } else if (rs.getId().equals(disconnectRequestId)) {
                    onDisconnect.run();
                } else if (rs.getId().equals(resumeRequestId)) {
                    resumeRequestId = null;
                    Runnable resume = resumeAfterReply;
                    resumeAfterReply = null;
                    if (resume != null) {
                        resume.run();
                    }
                }
            }
        };
    }

    @Override
    public CompletableFuture<Void> attach(Map<String, Object> args) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> launch(Map<String, Object> args) {
        return CompletableFuture.completedFuture(null); // the program runs already: launch means attach
    }

    @Override
    public CompletableFuture<Void> configurationDone(ConfigurationDoneArguments args) {
        configured = true;
        Debugger.Stop s = debugger.stopped();
        IDebugProtocolClient c = client;
        if (s != null && c != null) {
            CompletableFuture.runAsync(() -> c.stopped(stoppedEvent(s.reason(), s.threadId(), null, s.message())));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> disconnect(DisconnectArguments args) {
        debugger.detach();
        return CompletableFuture.completedFuture(null); // the connection closes once this is written (#wrap)
    }

    // ---------------------------------------------------------------- breakpoints

    @Override
    public CompletableFuture<SetBreakpointsResponse> setBreakpoints(SetBreakpointsArguments args) {
        Source source = args.getSource();
        String path = source == null || source.getPath() == null
                ? null
                : debugger.paths().canonical(source.getPath());
        List<Breakpoints.Line> lines = new ArrayList<>();
        List<Breakpoint> answer = new ArrayList<>();
        SourceBreakpoint[] requested = args.getBreakpoints() != null ? args.getBreakpoints() : new SourceBreakpoint[0];
        for (SourceBreakpoint sb : requested) {
            lines.add(new Breakpoints.Line(
                    sb.getLine(), blankToNull(sb.getCondition()), blankToNull(sb.getLogMessage())));
            Breakpoint b = new Breakpoint();
            b.setVerified(path != null);
            b.setLine(sb.getLine());
            b.setSource(source);
            if (path == null) {
                b.setMessage("not a file");
            }
            answer.add(b);
        }
        if (path != null) {
            debugger.breakpoints().replace(path, lines);
        }
        SetBreakpointsResponse r = new SetBreakpointsResponse();
        r.setBreakpoints(answer.toArray(Breakpoint[]::new));
        return CompletableFuture.completedFuture(r);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public CompletableFuture<SetExceptionBreakpointsResponse> setExceptionBreakpoints(
            SetExceptionBreakpointsArguments args) {
        List<String> filters = args.getFilters() == null ? List.of() : List.of(args.getFilters());
        debugger.exceptionFilters(filters.contains(FILTER_UNCAUGHT), filters.contains(FILTER_ALL));
        return CompletableFuture.completedFuture(new SetExceptionBreakpointsResponse());
    }

    // ---------------------------------------------------------------- execution control

    @Override
    public CompletableFuture<ContinueResponse> continue_(ContinueArguments args) {
        resumeAfterReply = () -> debugger.resume(null); // once the response is written (#wrap)
        ContinueResponse r = new ContinueResponse();
        r.setAllThreadsContinued(true);
        return CompletableFuture.completedFuture(r);
    }

    @Override
    public CompletableFuture<Void> next(NextArguments args) {
        return step(Debugger.StepKind.OVER);
    }

    @Override
    public CompletableFuture<Void> stepIn(StepInArguments args) {
        return step(Debugger.StepKind.IN);
    }

    @Override
    public CompletableFuture<Void> stepOut(StepOutArguments args) {
        return step(Debugger.StepKind.OUT);
    }

    /** next, stepIn and stepOut: the engine runs on and stops again after the step. */
    private CompletableFuture<Void> step(Debugger.StepKind kind) {
        resumeAfterReply = () -> debugger.resume(kind); // once the response is written (#wrap)
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> pause(PauseArguments args) {
        debugger.pause();
        return CompletableFuture.completedFuture(null);
    }

    // ---------------------------------------------------------------- inspection

    /**
     * Every coroutine running or suspended, also those suspended before the client attached: the
     * list is rebuilt on the engine thread; while Lua code keeps the engine busy longer than
     * {@link #THREADS_WAIT_MS}, the list as last rebuilt is sent. The event loop is listed too
     * when a pause stopped it idle, or when there is nothing else (DAP clients expect one thread).
     */
    @Override
    public CompletableFuture<ThreadsResponse> threads() {
        List<ThreadRegistry.Entry> last = debugger.threads().snapshot();
        return debugger.refreshThreads()
                .completeOnTimeout(last, THREADS_WAIT_MS, TimeUnit.MILLISECONDS)
                .exceptionally(e -> last)
                .thenApply(entries -> {
                    List<Thread> out = new ArrayList<>();
                    Debugger.Stop s = debugger.stopped();
                    if (entries.isEmpty() || s != null && s.idle()) {
                        Thread loop = new Thread();
                        loop.setId(ThreadRegistry.EVENT_LOOP_ID);
                        loop.setName(s != null && s.idle() ? "event loop (idle)" : "event loop");
                        out.add(loop);
                    }
                    for (ThreadRegistry.Entry e : entries) {
                        Thread t = new Thread();
                        t.setId(e.id());
                        t.setName(e.name());
                        out.add(t);
                    }
                    ThreadsResponse r = new ThreadsResponse();
                    r.setThreads(out.toArray(Thread[]::new));
                    return r;
                });
    }

    @Override
    public CompletableFuture<StackTraceResponse> stackTrace(StackTraceArguments args) {
        return engine(() -> {
            if (args.getThreadId() == ThreadRegistry.EVENT_LOOP_ID) {
                return idleStack();
            }
            LuaThread t = debugger.threads().byId(args.getThreadId());
            List<LuaFrame> frames = t == null ? List.of() : debugger.frames(t);
            int start = args.getStartFrame() == null ? 0 : Math.max(0, args.getStartFrame());
            int levels = args.getLevels() == null || args.getLevels() <= 0 ? frames.size() : args.getLevels();
            List<StackFrame> out = new ArrayList<>();
            for (int i = start; i < frames.size() && out.size() < levels; i++) {
                out.add(stackFrame(frames.get(i)));
            }
            StackTraceResponse r = new StackTraceResponse();
            r.setStackFrames(out.toArray(StackFrame[]::new));
            r.setTotalFrames(frames.size());
            return r;
        });
    }

    /**
     * The event loop's stack: one label frame saying it waits (as a debugger of node shows an idle
     * process with no script frames); the coroutines' own stacks are under their threads.
     */
    private StackTraceResponse idleStack() {
        StackFrame sf = new StackFrame();
        sf.setId(handles.add(IDLE_FRAME));
        sf.setName("(idle: waiting for timers and events)");
        sf.setLine(0);
        sf.setColumn(0);
        sf.setPresentationHint(StackFramePresentationHint.LABEL);
        StackTraceResponse r = new StackTraceResponse();
        r.setStackFrames(new StackFrame[] {sf});
        r.setTotalFrames(1);
        return r;
    }

    private StackFrame stackFrame(LuaFrame f) {
        StackFrame sf = new StackFrame();
        sf.setId(handles.add(f));
        sf.setName(f.name());
        LuaClosure c = f.closure();
        if (c != null) {
            String path = debugger.paths().ofChunk(c.p.source);
            Source s = new Source();
            s.setName(c.p.shortsource());
            if (path != null) {
                s.setPath(path);
            } else {
                s.setPresentationHint(org.eclipse.lsp4j.debug.SourcePresentationHint.DEEMPHASIZE);
            }
            sf.setSource(s);
            sf.setLine(f.line());
            sf.setColumn(1);
        } else {
            sf.setLine(0);
            sf.setColumn(0);
            sf.setPresentationHint(StackFramePresentationHint.SUBTLE);
        }
        return sf;
    }

    /** What a scope of the variables view shows. */
    private record ScopeRef(LuaFrame frame, String kind) {}

    @Override
    public CompletableFuture<ScopesResponse> scopes(ScopesArguments args) {
        return engine(() -> {
            Object h = handles.get(args.getFrameId());
            if (h == IDLE_FRAME) {
                ScopesResponse r = new ScopesResponse();
                r.setScopes(new Scope[] {
                    scope("Globals", null, handles.add(debugger.evaluator().globalsTable()), true)
                });
                return r;
            }
            if (!(h instanceof LuaFrame f)) {
                throw error("unknown frame " + args.getFrameId());
            }
            Scope locals = scope("Locals", "locals", handles.add(new ScopeRef(f, "locals")), false);
            Scope upvalues = scope("Upvalues", null, handles.add(new ScopeRef(f, "upvalues")), false);
            LuaValue env = f.environment();
            LuaValue g = env != null ? env : debugger.evaluator().globalsTable();
            Scope globals = scope("Globals", null, handles.add(g), true);
            ScopesResponse r = new ScopesResponse();
            r.setScopes(new Scope[] {locals, upvalues, globals});
            return r;
        });
    }

    private static Scope scope(String name, String hint, int ref, boolean expensive) {
        Scope s = new Scope();
        s.setName(name);
        s.setPresentationHint(hint);
        s.setVariablesReference(ref);
        s.setExpensive(expensive);
        return s;
    }

    @Override
    public CompletableFuture<VariablesResponse> variables(VariablesArguments args) {
        return engine(() -> {
            Object o = handles.get(args.getVariablesReference());
            List<Variable> out = new ArrayList<>();
            if (o instanceof ScopeRef s) {
                List<LuaFrame.Slot> slots = s.kind().equals("locals")
                        ? s.frame().locals()
                        : s.frame().upvalues();
                for (LuaFrame.Slot slot : slots) {
                    out.add(variable(slot.name(), slot.value()));
                }
            } else if (o instanceof LuaTable t) {
                tableEntries(t, out);
            } else {
                throw error("unknown variables reference " + args.getVariablesReference());
            }
            VariablesResponse r = new VariablesResponse();
            r.setVariables(out.toArray(Variable[]::new));
            return r;
        });
    }

    private void tableEntries(LuaTable t, List<Variable> out) {
        List<LuaValue[]> entries = new ArrayList<>();
        LuaValue k = LuaValue.NIL;
        while (entries.size() < TABLE_ENTRIES_SHOWN) {
            Varargs n = t.next(k);
            k = n.arg1();
            if (k.isnil()) {
                break;
            }
            entries.add(new LuaValue[] {k, n.arg(2)});
        }
        entries.sort((a, b) -> {
            boolean an = a[0].isnumber() && a[0].type() == LuaValue.TNUMBER;
            boolean bn = b[0].isnumber() && b[0].type() == LuaValue.TNUMBER;
            if (an && bn) {
                return Double.compare(a[0].todouble(), b[0].todouble());
            }
            if (an != bn) {
                return an ? -1 : 1;
            }
            return Values.key(a[0]).compareTo(Values.key(b[0]));
        });
        for (LuaValue[] e : entries) {
            out.add(variable(Values.key(e[0]), e[1]));
        }
        LuaValue meta = t.getmetatable();
        if (meta != null && meta.istable()) {
            out.add(variable("[metatable]", meta));
        }
    }

    private Variable variable(String name, LuaValue v) {
        Variable var = new Variable();
        var.setName(name);
        var.setValue(Values.display(v));
        var.setType(v.typename());
        var.setVariablesReference(v.istable() ? handles.add(v) : 0);
        return var;
    }

    @Override
    public CompletableFuture<EvaluateResponse> evaluate(EvaluateArguments args) {
        Integer frameId = args.getFrameId();
        return engineOrRunning(() -> {
            LuaFrame frame = null;
            if (frameId != null && debugger.stopped() != null && handles.get(frameId) != IDLE_FRAME) {
                if (!(handles.get(frameId) instanceof LuaFrame f)) {
                    throw error("unknown frame " + frameId);
                }
                frame = f;
            }
            Varargs values;
            try {
                values = debugger.evaluator().evaluate(args.getExpression(), frame);
            } catch (LuaError | StackOverflowError e) {
                throw error(e instanceof LuaError le ? le.getMessage() : "stack overflow");
            }
            EvaluateResponse r = new EvaluateResponse();
            StringBuilder text = new StringBuilder();
            for (int i = 1; i <= values.narg(); i++) {
                text.append(i > 1 ? ", " : "").append(Values.display(values.arg(i)));
            }
            r.setResult(text.toString());
            LuaValue first = values.arg1();
            r.setType(values.narg() == 0 ? null : first.typename());
            r.setVariablesReference(
                    values.narg() == 1 && first.istable() && debugger.stopped() != null ? handles.add(first) : 0);
            return r;
        });
    }

    @Override
    public CompletableFuture<ExceptionInfoResponse> exceptionInfo(ExceptionInfoArguments args) {
        Debugger.Stop s = debugger.stopped();
        ExceptionInfoResponse r = new ExceptionInfoResponse();
        r.setExceptionId("error");
        r.setDescription(s == null ? null : s.message());
        r.setBreakMode(ExceptionBreakMode.UNHANDLED);
        return CompletableFuture.completedFuture(r);
    }

    // ---------------------------------------------------------------- helpers

    /** Runs on the stopped engine; a request made while running fails with a DAP error. */
    private <T> CompletableFuture<T> engine(java.util.function.Supplier<T> work) {
        return unwrap(debugger.onStopped(work));
    }

    /** Runs on the stopped engine, or as a task of its own while it runs (evaluate in the console). */
    private <T> CompletableFuture<T> engineOrRunning(java.util.function.Supplier<T> work) {
        return unwrap(debugger.onEngine(work));
    }

    private static <T> CompletableFuture<T> unwrap(CompletableFuture<T> f) {
        CompletableFuture<T> out = new CompletableFuture<>();
        f.whenComplete((v, e) -> {
            if (e == null) {
                out.complete(v);
                return;
            }
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            out.completeExceptionally(
                    cause instanceof ResponseErrorException ? cause : error(String.valueOf(cause.getMessage())));
        });
        return out;
    }

    private static ResponseErrorException error(String message) {
        return new ResponseErrorException(new ResponseError(ResponseErrorCode.InvalidRequest, message, null));
    }
}
