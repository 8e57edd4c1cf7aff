package dev.jeplua.repl;

import dev.jeplua.repl.protocol.ClientProtocol;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One TCP connection to an engine's telnet server, switched to its framed client protocol
 * ({@link ClientProtocol}, shared with the server through the repl-protocol module: the REPL
 * client shares only that with the engine, no engine code). A reader thread ({@code jeplua-repl-reader}) decodes
 * the server's messages and hands them to a {@link Listener}; {@link #sendLine} and
 * {@link #interrupt} may be called from any thread.
 */
final class EngineConnection implements AutoCloseable {
    /** Receives the server's messages on the reader thread. */
    interface Listener {
        /** Printed output from anywhere in the engine (may be a partial line). */
        void output(String text);

        /** A result (values tab-separated) or a meta command's text. */
        void result(String text);

        /** An error of this client's command. */
        void error(String text);

        /** The chunk is incomplete: the server waits for more lines. */
        void more();

        /** The command is finished. */
        void done();

        /** One completion candidate. */
        void candidate(String text);

        /** End of the completion candidates. */
        void candidatesEnd();

        /** The connection ended (engine gone, or closed). */
        void disconnected(IOException cause);
    }

    private static final int CONNECT_TIMEOUT_MS = 2000;
    private static final int HANDSHAKE_TIMEOUT_MS = 5000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String versionLine;
    private volatile boolean closed;

    private EngineConnection(Socket socket, InputStream in, String versionLine) throws IOException {
        this.socket = socket;
        this.in = in;
        this.out = socket.getOutputStream();
        this.versionLine = versionLine;
    }

    /** Connects without a token; see {@link #open(String, int, String)}. */
    static EngineConnection open(String host, int port) throws IOException {
        return open(host, port, null);
    }

    /**
     * Connects and switches to the client protocol: sends {@code :auth <token>} first when a
     * token is given, then {@code :client}, and skips the telnet greeting up to the {@code V}
     * acknowledgement.
     *
     * @param token the server's telnet token, or null when it needs none
     * @throws IOException when the engine is not reachable, refuses the token (the message then
     *                     carries the server's error line), or does not answer as a JEPLua telnet
     *                     server within 5 s
     */
    static EngineConnection open(String host, int port, String token) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            String hello =
                    (token == null ? "" : ClientProtocol.AUTH + " " + token + "\n") + ClientProtocol.CLIENT + "\n";
            socket.getOutputStream().write(hello.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            socket.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String version = null;
            String lastError = null;
            while (version == null) {
                byte[] line = ClientProtocol.readLine(in);
                if (line == null) {
                    throw new IOException("the server at " + host + ":" + port + " closed the connection"
                            + (lastError == null ? "" : ": " + lastError));
                }
                String text = new String(line, StandardCharsets.UTF_8).strip();
                if (text.startsWith(ClientProtocol.ERROR_LINE_PREFIX)) {
                    lastError = ReplClient.visible(text.substring(ClientProtocol.ERROR_LINE_PREFIX.length()))
                            + (text.contains("authentication")
                                    ? token == null
                                            ? " (give the token with --token, --token-file or JEPLUA_TELNET_TOKEN)"
                                            : ""
                                    : "");
                }
                if (line.length > 0 && line[0] == ClientProtocol.VERSION) {
                    version = ClientProtocol.decode(line);
                }
            }
            socket.setSoTimeout(0);
            return new EngineConnection(socket, in, version);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** The engine's version line, as it announced it. */
    String versionLine() {
        return versionLine;
    }

    /** Starts the reader thread delivering messages to {@code listener}. Call once. */
    void start(Listener listener) {
        Thread t = new Thread(() -> read(listener), "jeplua-repl-reader");
        t.setDaemon(true);
        t.start();
    }

    private void read(Listener listener) {
        IOException cause = null;
        try {
            byte[] line;
            while ((line = ClientProtocol.readLine(in)) != null) {
                if (line.length == 0) {
                    continue;
                }
                String payload = ClientProtocol.decode(line);
                switch (line[0]) {
                    case ClientProtocol.OUTPUT -> listener.output(payload);
                    case ClientProtocol.RESULT -> listener.result(payload);
                    case ClientProtocol.ERROR -> listener.error(payload);
                    case ClientProtocol.MORE -> listener.more();
                    case ClientProtocol.DONE -> listener.done();
                    case ClientProtocol.CANDIDATE -> listener.candidate(payload);
                    case ClientProtocol.CANDIDATES_END -> listener.candidatesEnd();
                    default -> {
                        // unknown tag from a newer server: ignore
                    }
                }
            }
        } catch (IOException e) {
            cause = e;
        } finally {
            closeQuietly();
            listener.disconnected(closed ? null : cause);
        }
    }

    /** Sends one line (no line break inside). Any thread. */
    synchronized void sendLine(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Asks the server to interrupt this client's running command (IAC IP). Any thread. */
    synchronized void interrupt() throws IOException {
        out.write(ClientProtocol.interruptRequest());
        out.flush();
    }

    /** True until the connection ended. */
    boolean isOpen() {
        return !closed && !socket.isClosed();
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a socket that failed: nothing more to do
        }
    }
}
