package dev.jeplua.debugger;

import dev.jeplua.engine.LuaEngine;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.lsp4j.debug.launch.DSPLauncher;
import org.eclipse.lsp4j.debug.services.IDebugProtocolClient;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code --debug} server: listens on a TCP port (default {@code 127.0.0.1:4711}) for one
 * Debug Adapter Protocol client at a time (VS Code with {@code "debugServer": 4711}, or any DAP
 * client), speaking DAP through Eclipse LSP4J's debug module. While no client is connected the
 * engine runs exactly as without a debugger: the instruction hook is attached when a client
 * sends {@code initialize} and detached when it disconnects. {@code --debug-wait}
 * ({@link #stopOnEntry}) stops the engine before the first line until a client continues it.
 *
 * <p>Lifecycle: construct, {@link #start()}, {@link #close()} (also closes a connected client's
 * socket and lets a stopped engine run on). Any thread; the server's own platform threads accept
 * and read (never virtual threads: a Lua loop that spins keeps the engine's carrier busy, and
 * {@code pause} must still get through).
 */
public final class DebugServer implements AutoCloseable {
    /** Default port of {@code --debug}: 4711, as in many DAP adapters' examples. */
    public static final int DEFAULT_PORT = 4711;

    private static final Logger log = LoggerFactory.getLogger(DebugServer.class);

    private final Debugger debugger;
    private final String host;
    private final int port;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        java.lang.Thread t = new java.lang.Thread(r, "jeplua-debug");
        t.setDaemon(true);
        return t;
    });
    private volatile ServerSocket server;
    private volatile Socket client;
    private volatile boolean closed;

    /**
     * @param engine the engine to debug
     * @param host   address to listen on (a loopback address unless the caller allowed more)
     * @param port   TCP port, 0 for any free one
     */
    public DebugServer(LuaEngine engine, String host, int port) {
        this.debugger = new Debugger(engine, Path.of("").toAbsolutePath());
        this.host = host;
        this.port = port;
    }

    /**
     * Stops the engine before the next Lua line that runs, and keeps it stopped until a client
     * connects and continues ({@code --debug-wait}). Call before {@link #start()}; the hook is
     * attached at once. Any thread.
     */
    public DebugServer stopOnEntry() {
        debugger.attach(null);
        debugger.exceptionFilters(true, false);
        debugger.stopOnEntry();
        return this;
    }

    /**
     * Binds the port and starts accepting clients.
     *
     * @return the bound address
     * @throws IOException when the port cannot be bound
     */
    public InetSocketAddress start() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        server = s;
        threads.execute(this::acceptLoop);
        return (InetSocketAddress) s.getLocalSocketAddress();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.warn("debug server stopped accepting: {}", e.toString());
                }
                return;
            }
            serve(socket);
        }
    }

    /** Serves one client until it disconnects; the next waiting client is served after. */
    private void serve(Socket socket) {
        client = socket;
        try {
            socket.setTcpNoDelay(true);
            LuaDebugAdapter adapter = new LuaDebugAdapter(debugger, () -> closeQuietly(socket));
            Launcher<IDebugProtocolClient> launcher = DSPLauncher.createServerLauncher(
                    adapter, socket.getInputStream(), socket.getOutputStream(), threads, adapter::wrap);
            adapter.connect(launcher.getRemoteProxy());
            Future<Void> listening = launcher.startListening();
            listening.get();
        } catch (Exception e) {
            log.debug("debug client ended: {}", e.toString());
        } finally {
            debugger.detach(); // a client that vanished without disconnect must not leave the engine stopped
            closeQuietly(socket);
            client = null;
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Closes the port and the connected client, and lets a stopped engine run on. Any thread. */
    @Override
    public void close() {
        closed = true;
        debugger.detach();
        try {
            ServerSocket s = server;
            if (s != null) {
                s.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
        Socket c = client;
        if (c != null) {
            closeQuietly(c);
        }
        threads.shutdownNow();
    }
}
