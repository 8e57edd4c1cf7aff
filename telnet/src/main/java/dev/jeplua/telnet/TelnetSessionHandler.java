package dev.jeplua.telnet;

import dev.jeplua.engine.ExecutionResult;
import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.LuaEngine.ExecOptions;
import dev.jeplua.engine.session.ExecutionContext;
import dev.jeplua.engine.session.Session;
import dev.jeplua.repl.protocol.ChunkCompleteness;
import dev.jeplua.repl.protocol.ClientProtocol;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One telnet client: a Lua REPL as {@code lua.c} has it (README.md#telnet-repl-and-repl-client). A line is compiled as
 * {@code return <line>} first, else as a statement ({@code =} prefix means {@code return});
 * an incomplete chunk ({@link ChunkCompleteness}) prompts {@code >> } and gathers
 * more lines; results are printed tab-separated and, like errors, go to this client only,
 * while {@code print} output reaches every client through {@link OutputBroadcaster}.
 *
 * <p>Lines arriving while a command runs wait in order (at most {@value #MAX_QUEUED_LINES});
 * {@code :interrupt}, {@code :quit} and Ctrl-C (IAC IP) act at once. {@code exit}, {@code quit},
 * {@code :quit} and Ctrl-D close this client only. The client's code runs under its own
 * {@link Session} (Lua global {@code session}); the session is closed, and a running command
 * interrupted, when the client goes.
 *
 * <p>Security. Until the connection's first chunk runs, every line is screened by
 * {@link CrossProtocolGuard}: an HTTP request (a web page posting to the port) closes the
 * connection at once, with one warning logged, and nothing it sent runs. With a token, the first
 * line must be {@code :auth <token>} (compared in constant time); anything else gets an error line
 * and the connection is closed, nothing run. Everything written to the client (replies, prompts,
 * negotiation answers, broadcast output) counts against {@link #MAX_PENDING_OUTPUT_BYTES} of
 * unsent output, each message also costing {@value #WRITE_OVERHEAD_BYTES} bytes of bookkeeping;
 * past it the client is disconnected with a notice. Past {@link #PAUSE_READING_BYTES} its input
 * is no longer read (nor decoded) until the output drains to {@link #RESUME_READING_BYTES}, so
 * requests whose replies it does not read cannot pile up. Results, errors and completion
 * candidates are shown with control characters escaped ({@link ControlCharacters}), as the
 * broadcast output is.
 *
 * <p>Shape of what is sent: {@link WireFormat} — {@link WireFormat#TELNET} (prompts, {@code \r\n}
 * lines) until the client sends {@code :client}, then {@link WireFormat#CLIENT} (the framed
 * {@link ClientProtocol} of the REPL client). Every write goes through the client's
 * {@link OutputBudget}. Lines starting with {@code :} are meta commands ({@link MetaCommands}).
 *
 * <p>Threads: Netty calls this handler on the channel's I/O thread, where all its state
 * lives; results come back from the engine thread and are handed to the I/O thread.
 * {@link #deliverOutput} is called by the broadcaster on the engine thread.
 */
public final class TelnetSessionHandler extends SimpleChannelInboundHandler<TelnetInput> {
    private static final Logger log = LoggerFactory.getLogger(TelnetSessionHandler.class);
    /**
     * Output queued for a client beyond this many bytes disconnects it (README.md#telnet-repl-and-repl-client: 1 MiB). Counted:
     * every message written to the client and not yet taken by its socket, plus
     * {@value #WRITE_OVERHEAD_BYTES} bytes per message.
     */
    public static final long MAX_PENDING_OUTPUT_BYTES = 1 << 20;
    /** What one queued message costs beyond its bytes (Netty's own estimate of an outbound buffer entry). */
    public static final int WRITE_OVERHEAD_BYTES = 96;
    /** With more output than this (counted as above) waiting, the client's input is not read. */
    public static final long PAUSE_READING_BYTES = 64 * 1024;
    /** Reading resumes when the waiting output is down to this. */
    public static final long RESUME_READING_BYTES = 16 * 1024;
    /** Lines that may wait while a command runs; more are rejected with an error. */
    public static final int MAX_QUEUED_LINES = 1000;
    /** Largest incomplete chunk gathered over several lines, in characters. */
    public static final int MAX_CHUNK_CHARS = 1 << 20;
    /** Chunk name of commands, so errors read {@code stdin:1: ...} as in {@code lua}. */
    static final String CHUNK_NAME = "=stdin";

    private final LuaEngine engine;
    private final OutputBroadcaster broadcaster;
    private final OutputBudget budget = new OutputBudget(() -> this.format, this::remote);
    /** Where the wire format writes: the budgeted writer. */
    private final Consumer<byte[]> out = budget::write;

    private final byte[] tokenDigest;
    private final MetaCommands meta;
    private final ArrayDeque<String> queued = new ArrayDeque<>();
    private final StringBuilder chunk = new StringBuilder();
    /** How this client is spoken to; {@link WireFormat#CLIENT} after {@code :client}. Read on the engine thread too. */
    private volatile WireFormat format = WireFormat.TELNET;

    private Channel channel;
    private Session session;
    private ExecutionContext running;
    private long timeoutMs;
    /** True until the first chunk of this connection is run: lines are screened for HTTP. */
    private boolean screening = true;
    /** True once {@code :auth} succeeded, or from the start without a token. */
    private boolean authenticated;
    /** Set when the connection is being closed for what it sent: nothing more is processed. */
    private boolean refused;

    /**
     * A client without a token.
     *
     * @param engine      the engine commands run on
     * @param broadcaster the server's output fan-out; this client joins it when connected
     * @param timeoutMs   per-command timeout in ms (0 = none); a client may change its own with {@code :timeout}
     */
    TelnetSessionHandler(LuaEngine engine, OutputBroadcaster broadcaster, long timeoutMs) {
        this(engine, broadcaster, timeoutMs, null);
    }

    /**
     * @param tokenDigest the SHA-256 digest of the token the first line must carry ({@link TokenCheck}),
     *                    or null when none is needed
     */
    TelnetSessionHandler(LuaEngine engine, OutputBroadcaster broadcaster, long timeoutMs, byte[] tokenDigest) {
        this.engine = engine;
        this.broadcaster = broadcaster;
        this.timeoutMs = timeoutMs;
        this.tokenDigest = tokenDigest;
        this.authenticated = tokenDigest == null;
        this.meta = new MetaCommands(this, engine, broadcaster, tokenDigest != null);
    }

    /** The client's current wire format: {@link WireFormat#CLIENT} once it switched with {@code :client}. Any thread. */
    WireFormat wireFormat() {
        return format;
    }

    /** The client's session (null before it connected). */
    Session session() {
        return session;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        budget.attach(channel);
        if (authenticated) {
            greet();
        } else {
            // nothing about the engine (not even its version) before the token
            send("JEPLua telnet REPL: authentication required; send :auth TOKEN as the first line\n");
        }
        ctx.fireChannelActive();
    }

    /** Joins the broadcast and greets: at connection, or after {@code :auth}. */
    private void greet() {
        session = engine.openSession("telnet", remote(), null);
        broadcaster.add(this);
        format.greet(out, !chunk.isEmpty());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        broadcaster.remove(this);
        if (running != null) {
            engine.interrupt(running, "client disconnected");
        }
        if (session != null) {
            session.close();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("telnet client {} failed: {}", remote(), cause.toString());
        ctx.close();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TelnetInput input) {
        if (refused) {
            return;
        }
        switch (input) {
            case TelnetInput.Line line -> {
                if (screen(line.text())) {
                    onLine(line.text());
                }
            }
            case TelnetInput.Interrupt ignored -> onInterrupt();
            case TelnetInput.EndOfInput ignored -> leave();
            case TelnetInput.LineTooLong tooLong -> {
                if (screening && CrossProtocolGuard.startsHttpRequest(tooLong.start())) {
                    refuseHttp();
                    return;
                }
                if (!authenticated) {
                    refuse("authentication required: the first line must be :auth TOKEN");
                    return;
                }
                String message = "line too long (more than " + tooLong.limitBytes() + " bytes); discarded";
                if (running != null) {
                    fail(message);
                } else {
                    chunk.setLength(0);
                    fail(message);
                    ready();
                }
            }
            case TelnetInput.Negotiation n -> negotiate(n);
        }
    }

    /**
     * The checks a line passes before the REPL sees it: while nothing has run yet, an HTTP
     * request closes the connection; without authentication, only {@code :auth <token>} is
     * accepted. I/O thread.
     *
     * @return true when the REPL may take the line
     */
    private boolean screen(String line) {
        if (screening && CrossProtocolGuard.isHttp(line)) {
            refuseHttp();
            return false;
        }
        if (authenticated) {
            return true;
        }
        String trimmed = line.strip();
        if (!trimmed.equals(ClientProtocol.AUTH)
                && !trimmed.startsWith(ClientProtocol.AUTH + " ")
                && !trimmed.startsWith(ClientProtocol.AUTH + "\t")) {
            refuse("authentication required: the first line must be :auth TOKEN");
            return false;
        }
        if (!TokenCheck.matches(
                tokenDigest, trimmed.substring(ClientProtocol.AUTH.length()).strip())) {
            log.warn("telnet client {} sent a wrong token; connection closed", remote());
            refuse("authentication failed: wrong token");
            return false;
        }
        authenticated = true;
        greet();
        return false;
    }

    /** A web page made a browser send an HTTP request to this port: close, run nothing. */
    private void refuseHttp() {
        refused = true;
        queued.clear();
        chunk.setLength(0);
        log.warn(
                "telnet client {} sent an HTTP request; connection closed without running anything "
                        + "(a web page may be attacking the telnet REPL)",
                remote());
        channel.close();
    }

    /** Tells the client why, then closes the connection. */
    private void refuse(String why) {
        refused = true;
        queued.clear();
        chunk.setLength(0);
        if (!why.startsWith("authentication failed")) {
            log.warn("telnet client {} did not authenticate; connection closed", remote());
        }
        channel.writeAndFlush(Unpooled.wrappedBuffer(TelnetText.encode(ClientProtocol.ERROR_LINE_PREFIX + why + "\n")))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /** Refuses every option (a line-mode REPL needs none) but answers TIMING-MARK, which real telnet clients wait for after Ctrl-C. */
    private void negotiate(TelnetInput.Negotiation n) {
        int reply =
                switch (n.command()) {
                    case TelnetDecoder.DO ->
                        n.option() == TelnetDecoder.TIMING_MARK ? TelnetDecoder.WILL : TelnetDecoder.WONT;
                    case TelnetDecoder.WILL -> TelnetDecoder.DONT;
                    default -> -1;
                };
        if (reply >= 0) {
            write(new byte[] {(byte) TelnetDecoder.IAC, (byte) reply, (byte) n.option()});
        }
    }

    private void onLine(String line) {
        String trimmed = line.strip();
        if (chunk.isEmpty() && trimmed.startsWith(":")) {
            String cmd = trimmed.split("\\s+", 2)[0];
            if (cmd.equals(ClientProtocol.INTERRUPT) || cmd.equals(ClientProtocol.QUIT) || running == null) {
                meta.run(trimmed);
                return;
            }
        }
        if (running != null) {
            if (queued.size() >= MAX_QUEUED_LINES) {
                send("error: " + MAX_QUEUED_LINES + " lines already wait for the running command; line dropped\n");
                return;
            }
            queued.add(line);
            return;
        }
        if (chunk.isEmpty() && (trimmed.equals("exit") || trimmed.equals("quit"))) {
            leave();
            return;
        }
        if (chunk.isEmpty() && trimmed.isEmpty()) {
            ready();
            return;
        }
        if (!chunk.isEmpty()) {
            chunk.append('\n');
        }
        chunk.append(line);
        if (chunk.length() > MAX_CHUNK_CHARS) {
            chunk.setLength(0);
            fail("chunk too long (more than " + MAX_CHUNK_CHARS + " characters); discarded");
            ready();
            return;
        }
        String code = chunk.toString();
        if (ChunkCompleteness.isIncomplete(code)) {
            more();
            return;
        }
        chunk.setLength(0);
        run(code);
    }

    private void run(String code) {
        screening = false;
        ExecutionContext ctx = new ExecutionContext(session, new DiscardingCapture());
        running = ctx;
        CompletableFuture<ExecutionResult> f;
        try {
            f = engine.execute(code, new ExecOptions(CHUNK_NAME, ctx, timeoutMs, true));
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((result, failure) -> {
            // the command's prints were published before it ended: send them before its result
            broadcaster.flush();
            channel.eventLoop().execute(() -> finished(ctx, result, failure));
        });
    }

    private void finished(ExecutionContext ctx, ExecutionResult result, Throwable failure) {
        if (running != ctx) {
            return;
        }
        running = null;
        if (!channel.isActive()) {
            return;
        }
        if (failure != null) {
            fail("engine unavailable: " + (failure.getMessage() == null ? failure.toString() : failure.getMessage()));
        } else {
            switch (result) {
                case ExecutionResult.Ok ok -> {
                    if (!ok.texts().isEmpty()) {
                        reply(String.join("\t", ok.texts()));
                    }
                }
                case ExecutionResult.Error error ->
                    fail(error.traceback() == null ? error.message() : error.message() + "\n" + error.traceback());
                case ExecutionResult.Timeout ignored -> {
                    fail("interrupted: the command ran longer than this client's timeout of " + timeoutMs
                            + " ms (:timeout sets it in seconds, 0 = none)");
                }
                case ExecutionResult.Interrupted ignored -> {
                    fail("interrupted");
                }
            }
        }
        ready();
        while (running == null && !queued.isEmpty() && channel.isActive()) {
            onLine(queued.poll());
        }
    }

    /** The chunk so far is incomplete: ask for more lines. */
    private void more() {
        format.more(out);
    }

    private void onInterrupt() {
        if (running != null) {
            engine.interrupt(running, "interrupted");
            queued.clear();
            return;
        }
        chunk.setLength(0);
        format.interruptedIdle(out, !chunk.isEmpty());
    }

    // ------------------------------------------------------------------ for MetaCommands (event loop)

    /** Interrupts the running command, dropping the lines waiting for it; false when nothing runs. */
    boolean interruptRunning() {
        if (running == null) {
            return false;
        }
        engine.interrupt(running, "interrupted");
        queued.clear();
        return true;
    }

    /** True while a command of this client runs (read on the engine thread too, by {@code :status}). */
    boolean running() {
        return running != null;
    }

    /** This client's per-command timeout in ms (0 = none). */
    long timeoutMs() {
        return timeoutMs;
    }

    void timeoutMs(long ms) {
        timeoutMs = ms;
    }

    /** {@code :interrupt} with nothing running. */
    void nothingToInterrupt() {
        format.nothingToInterrupt(out, !chunk.isEmpty());
    }

    /** The answer to {@code :complete}, control characters escaped. */
    void candidates(List<String> visible) {
        format.candidates(out, visible, !chunk.isEmpty());
    }

    /** {@code :client}: from now on the framed protocol, in a fresh {@code repl} session. */
    void switchToClientProtocol() {
        format = WireFormat.CLIENT;
        session.close();
        session = engine.openSession("repl", remote(), null);
        // the telnet prompt before this has no line end: start the acknowledgement on a line of its own
        send("\n");
        format.greet(out, !chunk.isEmpty());
    }

    /** Runs {@code task} on this client's event loop. Any thread. */
    void onEventLoop(Runnable task) {
        channel.eventLoop().execute(task);
    }

    void leave() {
        format.leave(out);
        channel.close();
    }

    // ------------------------------------------------------------------ writing

    /**
     * Queues broadcast output, already in this client's {@link #wireFormat()}, for this client
     * (engine thread, never blocks). Past {@link #MAX_PENDING_OUTPUT_BYTES} of unsent output the
     * client is disconnected with a notice ({@link OutputBudget}).
     */
    void deliverOutput(byte[] encoded) {
        write(encoded);
    }

    /**
     * Output counted against this client's budget: bytes of messages not yet taken by its
     * socket, plus {@value #WRITE_OVERHEAD_BYTES} per message. Any thread.
     */
    long pendingOutputBytes() {
        return budget.pendingBytes();
    }

    /** True while this client's input is not read because its output is backed up. Any thread (a snapshot). */
    boolean readingPaused() {
        return budget.readingPaused();
    }

    /** A result or meta command's text, to this client only (control characters escaped). */
    void reply(String text) {
        format.reply(out, ControlCharacters.escape(text));
    }

    /** An error, to this client only (control characters escaped). */
    void fail(String text) {
        format.fail(out, ControlCharacters.escape(text));
    }

    /** The command is finished: {@code D} in client mode, the prompt otherwise. */
    void ready() {
        format.ready(out, !chunk.isEmpty());
    }

    /** Telnet text, whatever the wire format (the queue-full notice, the line end before {@code :client}'s answer). */
    private void send(String text) {
        write(TelnetText.encode(text));
    }

    /** Writes to the client within its output budget ({@link OutputBudget}). Any thread. */
    private void write(byte[] bytes) {
        budget.write(bytes);
    }

    private String remote() {
        return channel == null || channel.remoteAddress() == null
                ? null
                : channel.remoteAddress().toString().replaceFirst("^/", "");
    }

    /** The capture of a telnet command: its prints already reach this client by broadcast, so nothing is kept. */
    private static final class DiscardingCapture extends ByteArrayOutputStream {
        DiscardingCapture() {
            super(0);
        }

        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] b, int off, int len) {}
    }
}
