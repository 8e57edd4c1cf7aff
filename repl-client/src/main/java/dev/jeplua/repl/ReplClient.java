package dev.jeplua.repl;

import dev.jeplua.repl.protocol.ClientProtocol;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/**
 * The JEPLua REPL client (README.md#telnet-repl-and-repl-client): a JLine line editor attached to a running engine's telnet
 * server. History in {@code ~/.jeplua_history} (Ctrl-R searches it), tab completion from the
 * live engine, Lua highlighting, multi-line chunks (continuation decided locally by
 * {@link dev.jeplua.repl.protocol.ChunkCompleteness}), output printed anywhere in the engine shown above the prompt without
 * disturbing the line being edited, Ctrl-C interrupting the running command (or clearing the
 * line), Ctrl-D leaving the client (never the engine), and reconnecting with a notice when the
 * engine goes away and comes back. On a terminal that is not a TTY it works as a dumb terminal
 * without escape codes. A server started with a telnet token is given it on every (re)connection
 * as {@code :auth <token>} ({@code --token}, {@code --token-file} or {@value #TOKEN_ENV}). Control
 * characters in what the engine sends are shown as visible escapes ({@link #visible}).
 *
 * <p>Threads: {@link #run()} runs the read–send–wait loop on the caller's thread; the
 * connection's reader thread prints what arrives; a timer thread ({@code jeplua-repl-timer})
 * flushes partial output lines and retries connections.
 */
public final class ReplClient implements AutoCloseable {
    /** Default engine address (the CLI's telnet defaults). */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Default telnet port. */
    public static final int DEFAULT_PORT = 8023;
    /** Output without a line end is shown after this many ms if nothing completes it. */
    static final long PARTIAL_LINE_DELAY_MS = 100;
    /** How long Tab waits for the engine's candidates, in ms. */
    static final long COMPLETION_TIMEOUT_MS = 2000;
    /** Delay between reconnection attempts, in ms. */
    static final long RECONNECT_DELAY_MS = 1000;

    private static final AttributedStyle ERROR = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);
    private static final AttributedStyle NOTICE = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);

    private final Terminal terminal;
    private final LineReader reader;
    private final String host;
    private final int port;
    private final String token;
    private final boolean reconnect;
    private boolean ownsTerminal;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jeplua-repl-timer");
        t.setDaemon(true);
        return t;
    });
    private final Object commandLock = new Object();
    private final BlockingQueue<List<String>> completions = new LinkedBlockingQueue<>();
    private final StringBuilder partialOutput = new StringBuilder();
    private List<String> candidateBuffer = new ArrayList<>();
    private ScheduledFuture<?> partialFlush;
    private volatile EngineConnection connection;
    private volatile boolean closing;
    private int awaitedReplies;

    /**
     * @param terminal    the terminal to edit on (a system terminal, or a dumb one over streams in tests)
     * @param host        engine host
     * @param port        engine telnet port
     * @param historyFile history file ({@code ~/.jeplua_history} by default), or null for none
     * @param reconnect   retry (every second, with a notice) when the engine goes away; false
     *                    for {@code -i}, where the engine lives in this process
     */
    public ReplClient(Terminal terminal, String host, int port, Path historyFile, boolean reconnect) {
        this(terminal, host, port, null, historyFile, reconnect);
    }

    /**
     * @param terminal    the terminal to edit on (a system terminal, or a dumb one over streams in tests)
     * @param host        engine host
     * @param port        engine telnet port
     * @param token       the server's telnet token, sent as {@code :auth <token>} on every
     *                    (re)connection; null when the server needs none
     * @param historyFile history file ({@code ~/.jeplua_history} by default), or null for none
     * @param reconnect   retry (every second, with a notice) when the engine goes away; false
     *                    for {@code -i}, where the engine lives in this process
     * @throws IllegalArgumentException when {@code token} is empty or holds control characters
     */
    public ReplClient(Terminal terminal, String host, int port, String token, Path historyFile, boolean reconnect) {
        if (token != null) {
            checkToken(token, "the token");
        }
        this.terminal = terminal;
        this.host = host;
        this.port = port;
        this.token = token;
        this.reconnect = reconnect;
        LineReaderBuilder b = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("jeplua")
                .parser(new LuaParser())
                .completer(new EngineCompleter(this))
                .highlighter(new LuaHighlighter())
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, ">> ")
                .variable(LineReader.HISTORY_SIZE, 1000)
                .variable(LineReader.HISTORY_FILE_SIZE, 10000)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.HISTORY_IGNORE_DUPS, true);
        if (historyFile != null) {
            b.variable(LineReader.HISTORY_FILE, historyFile);
        }
        this.reader = b.build();
    }

    /** {@code ~/.jeplua_history}. */
    public static Path defaultHistoryFile() {
        return Path.of(System.getProperty("user.home"), ".jeplua_history");
    }

    /**
     * The terminal of this process: a system terminal (JLine's {@code exec} provider, which
     * needs no native access), or a dumb terminal when standard input/output is not a TTY.
     */
    public static Terminal systemTerminal() throws IOException {
        return TerminalBuilder.builder()
                .name("jeplua")
                .system(true)
                .provider(TerminalBuilder.PROP_PROVIDER_EXEC)
                .dumb(true)
                .build();
    }

    /**
     * A client on this process's terminal attached to an engine in this process ({@code -i}):
     * no reconnection (the engine's end ends the process); {@link #close()} also restores and
     * closes the terminal. Connects at once.
     *
     * @throws IOException when the terminal cannot be opened or the engine's server is not reachable
     */
    public static ReplClient attach(String host, int port) throws IOException {
        return attach(host, port, null);
    }

    /**
     * As {@link #attach(String, int)}, to a server that needs {@code token} (null = none).
     *
     * @throws IOException when the terminal cannot be opened, the engine's server is not reachable or refuses the token
     */
    public static ReplClient attach(String host, int port, String token) throws IOException {
        Terminal terminal = systemTerminal();
        ReplClient client = new ReplClient(terminal, host, port, token, defaultHistoryFile(), false);
        client.ownsTerminal = true;
        try {
            client.connect();
        } catch (IOException e) {
            client.close();
            throw e;
        }
        return client;
    }

    /** Environment variable holding the telnet token when neither {@code --token} nor {@code --token-file} is given. */
    public static final String TOKEN_ENV = "JEPLUA_TELNET_TOKEN";

    private static final String USAGE = "usage: jeplua repl [--host H] [--port P] [--token T | --token-file F]";

    /**
     * Entry point of {@code jeplua repl [--host H] [--port P] [--token T | --token-file F]}. The
     * token is taken from {@code --token}, else {@code --token-file} (the file's text without
     * surrounding whitespace), else the environment variable {@value #TOKEN_ENV}; an empty token
     * given any of these ways is an error.
     *
     * @return the exit status: 0 after Ctrl-D, 1 when the engine cannot be reached (or refuses the
     *         token), 2 on bad arguments (an empty or unreadable token included)
     */
    public static int main(String[] args, PrintStream err) {
        return main(args, System.getenv(TOKEN_ENV), err);
    }

    /** {@link #main(String[], PrintStream)} with the environment's token given ({@code envToken}, null = unset). */
    static int main(String[] args, String envToken, PrintStream err) {
        String host = DEFAULT_HOST;
        int port = DEFAULT_PORT;
        String token = null;
        String tokenFile = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            try {
                switch (a) {
                    case "--host" -> host = args[++i];
                    case "--port" -> port = Integer.parseInt(args[++i]);
                    case "--token" -> token = args[++i];
                    case "--token-file" -> tokenFile = args[++i];
                    case "-h", "--help" -> {
                        err.println(USAGE + "   (defaults 127.0.0.1 8023)");
                        err.println("Attaches a line editor to a running engine's telnet REPL (./run.sh --run-for 0).");
                        err.println("The token of a server started with one: --token T, --token-file F, or " + TOKEN_ENV
                                + ".");
                        return 0;
                    }
                    default -> {
                        err.println("jeplua repl: unknown option '" + a + "' (" + USAGE + ")");
                        return 2;
                    }
                }
            } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
                err.println("jeplua repl: " + a + " needs a " + (a.equals("--port") ? "port number" : "value"));
                return 2;
            }
        }
        try {
            if (token != null && tokenFile != null) {
                throw new IllegalArgumentException("give --token or --token-file, not both");
            }
            if (token != null) {
                checkToken(token, "--token");
            } else if (tokenFile != null) {
                token = readTokenFile(Path.of(tokenFile));
            } else if (envToken != null) {
                checkToken(envToken, TOKEN_ENV);
                token = envToken;
            }
        } catch (IllegalArgumentException e) {
            err.println("jeplua repl: " + e.getMessage());
            return 2;
        }
        try (Terminal terminal = systemTerminal();
                ReplClient client = new ReplClient(terminal, host, port, token, defaultHistoryFile(), true)) {
            return client.run();
        } catch (IOException e) {
            err.println("jeplua repl: cannot open the terminal: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Reads a token file: its text (UTF-8) without surrounding whitespace, so a trailing line
     * break does not count.
     *
     * @throws IllegalArgumentException when the file cannot be read, is empty, or the token holds control characters
     */
    static String readTokenFile(Path file) {
        String text;
        try {
            text = java.nio.file.Files.readString(file);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new IllegalArgumentException("cannot read the token file " + file + ": " + e.getMessage());
        }
        String token = text.strip();
        checkToken(token, "the token file " + file);
        return token;
    }

    /** A token must not be empty and must be one line of text. */
    private static void checkToken(String token, String source) {
        if (token.strip().isEmpty()) {
            throw new IllegalArgumentException(source + " is empty: give the server's telnet token");
        }
        if (token.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            throw new IllegalArgumentException(
                    source + " holds control characters (line breaks included): a token is one line");
        }
    }

    /**
     * Text from the server as it may be shown on a terminal: control characters other than TAB,
     * LF and CR (ESC, BEL, DEL, the C1 range) become visible Lua escapes such as {@code \27}, so
     * nothing the engine sends can drive the terminal (a JEPLua server already escapes them; this
     * guards against any other). Any thread.
     */
    static String visible(String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c >= 0x7F && c <= 0x9F;
            if (control && sb == null) {
                sb = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (sb != null) {
                if (control) {
                    sb.append('\\').append((int) c);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? text : sb.toString();
    }

    /**
     * Connects, then reads and runs commands until Ctrl-D, {@code exit}, {@code quit} or
     * {@code :quit} (or, without reconnection, until the engine goes away).
     *
     * @return 0 when the user left, 1 when the engine could not be reached at start
     */
    public int run() {
        try {
            if (connection == null) {
                connect();
            }
        } catch (IOException e) {
            terminal.writer()
                    .println("jeplua repl: cannot connect to the engine at " + host + ":" + port + " (" + e.getMessage()
                            + "); start one with ./run.sh --run-for 0");
            terminal.flush();
            return 1;
        }
        show(new AttributedString(visible(connection.versionLine()) + " at " + host + ":" + port
                + " (:help for commands, Ctrl-D to leave)"));
        while (!closing) {
            String line;
            try {
                line = reader.readLine("> ");
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                break;
            }
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.equals("exit") || trimmed.equals("quit") || trimmed.equals(ClientProtocol.QUIT)) {
                break;
            }
            if (trimmed.equals(ClientProtocol.INTERRUPT) || trimmed.equals(ClientProtocol.CLIENT)) {
                show(new AttributedString(
                        trimmed.equals(ClientProtocol.CLIENT)
                                ? "already using the client protocol"
                                : "nothing is running (Ctrl-C interrupts a running command)",
                        NOTICE));
                continue;
            }
            EngineConnection c = connection;
            if (c == null) {
                if (!reconnect) {
                    break;
                }
                show(new AttributedString(
                        "not connected to the engine at " + host + ":" + port + " (reconnecting...)", NOTICE));
                continue;
            }
            runCommand(c, line);
            if (connection == null && !reconnect) {
                break; // the engine of this process ended (os.exit): no prompt for it
            }
        }
        return 0;
    }

    /** Sends every line of {@code chunk} and waits for the engine to finish it; Ctrl-C interrupts it. */
    private void runCommand(EngineConnection c, String chunk) {
        String[] lines = chunk.split("\n", -1);
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, s -> interruptRunning(c));
        try {
            synchronized (commandLock) {
                awaitedReplies = lines.length;
            }
            for (String l : lines) {
                c.sendLine(l);
            }
            synchronized (commandLock) {
                while (awaitedReplies > 0 && connection == c && !closing) {
                    commandLock.wait(100);
                }
            }
        } catch (IOException e) {
            show(new AttributedString("cannot send to the engine: " + e.getMessage(), ERROR));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
            flushPartialOutput();
        }
    }

    private static void interruptRunning(EngineConnection c) {
        try {
            c.interrupt();
        } catch (IOException e) {
            // the connection is gone; the reader thread reports it
        }
    }

    /**
     * Completion candidates for a name path, from the engine (empty when not connected or no
     * answer within {@value #COMPLETION_TIMEOUT_MS} ms). Called by JLine on the reading thread.
     */
    List<String> completions(String prefix) {
        EngineConnection c = connection;
        if (c == null) {
            return List.of();
        }
        completions.clear();
        try {
            c.sendLine(ClientProtocol.COMPLETE + " " + prefix);
            List<String> result = completions.poll(COMPLETION_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return result == null ? List.of() : result;
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** Connects to the engine now (otherwise {@link #run()} does). */
    public void connect() throws IOException {
        EngineConnection c = EngineConnection.open(host, port, token);
        connection = c;
        c.start(new Messages(c));
    }

    private void scheduleReconnect(boolean first) {
        if (closing) {
            return;
        }
        if (first) {
            show(new AttributedString(
                    "connection to the engine at " + host + ":" + port + " lost; reconnecting...", NOTICE));
        }
        try {
            timer.schedule(
                    () -> {
                        try {
                            connect();
                            show(new AttributedString("reconnected to the engine at " + host + ":" + port, NOTICE));
                        } catch (IOException e) {
                            scheduleReconnect(false);
                        }
                    },
                    RECONNECT_DELAY_MS,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the client is closing
        }
    }

    /** Prints above the prompt (or plainly while no line is being edited). Any thread. */
    private void show(AttributedString text) {
        reader.printAbove(text);
    }

    private void showOutput(String text) {
        synchronized (partialOutput) {
            partialOutput.append(text);
            int nl = partialOutput.lastIndexOf("\n");
            if (nl >= 0) {
                show(new AttributedString(partialOutput.substring(0, nl)));
                partialOutput.delete(0, nl + 1);
            }
            if (!partialOutput.isEmpty() && partialFlush == null && !closing) {
                try {
                    partialFlush =
                            timer.schedule(this::flushPartialOutput, PARTIAL_LINE_DELAY_MS, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    // the client is closing: the rest is shown by the next flush, if any
                }
            }
        }
    }

    private void flushPartialOutput() {
        synchronized (partialOutput) {
            if (partialFlush != null) {
                partialFlush.cancel(false);
                partialFlush = null;
            }
            if (!partialOutput.isEmpty()) {
                show(new AttributedString(partialOutput.toString()));
                partialOutput.setLength(0);
            }
        }
    }

    private void replyArrived() {
        synchronized (commandLock) {
            if (awaitedReplies > 0) {
                awaitedReplies--;
            }
            commandLock.notifyAll();
        }
    }

    /**
     * Closes the connection and stops the timer thread. The terminal belongs to the caller,
     * except for a client made by {@link #attach}, which closes it (restoring its modes). Any thread.
     */
    @Override
    public void close() {
        closing = true;
        EngineConnection c = connection;
        if (c != null) {
            c.close();
        }
        timer.shutdownNow();
        synchronized (commandLock) {
            commandLock.notifyAll();
        }
        if (ownsTerminal) {
            try {
                terminal.close();
            } catch (IOException e) {
                // the terminal is going away with the process anyway
            }
        }
    }

    /** What the reader thread of one connection does with the server's messages. */
    private final class Messages implements EngineConnection.Listener {
        private final EngineConnection owner;

        Messages(EngineConnection owner) {
            this.owner = owner;
        }

        @Override
        public void output(String text) {
            showOutput(visible(text));
        }

        @Override
        public void result(String text) {
            flushPartialOutput();
            show(new AttributedString(visible(text)));
        }

        @Override
        public void error(String text) {
            flushPartialOutput();
            show(new AttributedString(visible(text), ERROR));
        }

        @Override
        public void more() {
            replyArrived();
        }

        @Override
        public void done() {
            replyArrived();
        }

        @Override
        public void candidate(String text) {
            candidateBuffer.add(visible(text));
        }

        @Override
        public void candidatesEnd() {
            completions.offer(List.copyOf(candidateBuffer));
            candidateBuffer = new ArrayList<>();
        }

        @Override
        public void disconnected(IOException cause) {
            flushPartialOutput();
            if (connection == owner) {
                connection = null;
            }
            synchronized (commandLock) {
                commandLock.notifyAll();
            }
            if (closing) {
                return;
            }
            if (reconnect) {
                scheduleReconnect(true);
            } else {
                show(new AttributedString("the engine closed the connection", NOTICE));
            }
        }
    }
}
