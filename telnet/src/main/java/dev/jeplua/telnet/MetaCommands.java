package dev.jeplua.telnet;

import dev.jeplua.engine.LuaEngine;
import dev.jeplua.repl.protocol.ClientProtocol;
import java.util.List;
import java.util.Locale;

/**
 * The REPL's meta commands of one telnet client: {@code :help}, {@code :quit}, {@code :interrupt},
 * {@code :complete}, {@code :status}, {@code :timeout}, {@code :auth} (after authentication) and
 * {@code :client}; anything else starting with {@code :} is an unknown command. What a command
 * changes (the running command, the timeout, the wire format, the session) stays in its
 * {@link TelnetSessionHandler}; this class parses the command and says what it answers.
 *
 * <p>Threads: {@link #run} is called on the channel's Netty event loop. {@code :complete} and
 * {@code :status} read the engine on the engine thread ({@link LuaEngine#post}) and answer back
 * on the event loop.
 */
final class MetaCommands {
    static final String HELP = String.join(
            "\n",
            "Lua REPL: type Lua code; an expression's values are printed (=expr works too).",
            "A line that does not complete a chunk continues on the next one (prompt >>).",
            "print output from anywhere in the engine reaches every connected client.",
            ":help               this text",
            ":complete <prefix>  completion candidates, one per line, then an empty line",
            ":status             engine status",
            ":interrupt          stop the command this client is running (also Ctrl-C)",
            ":timeout [seconds]  show or set this client's per-command timeout (0 = none)",
            ":quit               leave (also exit, quit, Ctrl-D); the engine keeps running",
            ":client             switch to the framed protocol of the JEPLua REPL client");

    private final TelnetSessionHandler client;
    private final LuaEngine engine;
    private final OutputBroadcaster broadcaster;
    private final boolean tokenNeeded;

    /**
     * @param client      the client the commands act on and answer to
     * @param engine      the engine {@code :complete} and {@code :status} read
     * @param broadcaster the server's fan-out, for the client count of {@code :status}
     * @param tokenNeeded whether this server asks for a token (the answer to a late {@code :auth})
     */
    MetaCommands(TelnetSessionHandler client, LuaEngine engine, OutputBroadcaster broadcaster, boolean tokenNeeded) {
        this.client = client;
        this.engine = engine;
        this.broadcaster = broadcaster;
        this.tokenNeeded = tokenNeeded;
    }

    /** Runs one meta command line (stripped, starting with {@code :}). Event loop. */
    void run(String line) {
        String[] parts = line.split("\\s+", 2);
        String arg = parts.length > 1 ? parts[1] : "";
        switch (parts[0]) {
            case ":help" -> {
                client.reply(HELP);
                client.ready();
            }
            case ClientProtocol.QUIT -> client.leave();
            case ClientProtocol.INTERRUPT -> {
                if (!client.interruptRunning()) {
                    client.nothingToInterrupt();
                }
            }
            case ClientProtocol.COMPLETE -> complete(arg);
            case ":status" -> status();
            case ":timeout" -> timeout(arg);
            case ClientProtocol.AUTH -> {
                client.reply(tokenNeeded ? "already authenticated" : "no token is needed here");
                client.ready();
            }
            case ClientProtocol.CLIENT -> client.switchToClientProtocol();
            default -> {
                client.fail("unknown command " + parts[0] + " (:help lists the commands)");
                client.ready();
            }
        }
    }

    private void complete(String prefix) {
        engine.ask("completion", () -> Completions.candidates(engine.globals(), prefix))
                .exceptionally(failure -> List.of())
                .thenAccept(candidates -> client.onEventLoop(() -> client.candidates(
                        candidates.stream().map(ControlCharacters::escape).toList())));
    }

    private void status() {
        engine.ask("status", () -> {
                    long[] counts = engine.executionCounts();
                    long timeoutMs = client.timeoutMs();
                    return String.format(
                            Locale.ROOT,
                            "%s, up %.1f s; telnet clients %d; executions %d (%d failed); this client: session %s, %s%s",
                            LuaEngine.VERSION_LINE,
                            engine.uptimeSeconds(),
                            broadcaster.clientCount(),
                            counts[0],
                            counts[1],
                            client.session().id(),
                            client.running() ? "running a command" : "idle",
                            timeoutMs > 0 ? ", timeout " + timeoutMs / 1000.0 + " s" : ", no timeout");
                })
                .exceptionally(failure -> "engine unavailable: " + failure.getMessage())
                .thenAccept(t -> client.onEventLoop(() -> {
                    client.reply(t);
                    client.ready();
                }));
    }

    private void timeout(String arg) {
        if (!arg.isEmpty()) {
            try {
                double s = Double.parseDouble(arg);
                if (s < 0 || Double.isNaN(s) || Double.isInfinite(s)) {
                    throw new NumberFormatException();
                }
                client.timeoutMs(Math.round(s * 1000));
            } catch (NumberFormatException e) {
                client.fail(":timeout expects a number of seconds >= 0 (0 = none), got '" + arg + "'");
                client.ready();
                return;
            }
        }
        long timeoutMs = client.timeoutMs();
        client.reply(timeoutMs == 0 ? "timeout: none" : "timeout: " + timeoutMs / 1000.0 + " s");
        client.ready();
    }
}
