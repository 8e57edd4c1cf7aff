package dev.jeplua.engine.bridge;

import java.io.IOException;
import java.util.Map;

/**
 * The second REST listener a script opens with {@code _PY.start_web_server(host, port)}
 * (README.md#_py-host-bridge-alias-jeplua): the same API as the listener the command line starts, on another address.
 * The web module implements it; the launcher registers the implementation with
 * {@code webControlLib.bind(impl)} after building the engine, and {@code WebControlLib}
 * calls it from Lua.
 *
 * <p>All methods are called on the engine thread; they may block briefly (binding or closing
 * a socket, bounded by about 2 s) but never wait for the engine itself. A running listener
 * keeps the process alive until it is stopped.
 */
public interface WebServerControl {
    /**
     * Binds and starts the listener.
     *
     * @param host address to bind ({@code 127.0.0.1}, {@code 0.0.0.0}, a host name)
     * @param port TCP port, 0 for any free port
     * @return the bound port
     * @throws IllegalStateException when a listener started this way is already running
     * @throws IOException           when the address cannot be bound (port in use, unknown host)
     */
    int start(String host, int port) throws IOException;

    /**
     * Stops the listener and closes its connections.
     *
     * @return true if one was running, false if there was nothing to stop
     */
    boolean stop();

    /**
     * What the listener is doing now: {@code running} (Boolean) and, while running,
     * {@code host} (String), {@code port} (Integer), {@code uptime} (Double, seconds since it
     * started) and {@code url} (String, {@code http://host:port}, no trailing slash, as EPLua).
     */
    Map<String, Object> status();
}
