package dev.jeplua.net;

import io.netty.bootstrap.AbstractBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.luaj.vm2.LuaError;

/** Binding a Netty bootstrap to host:port with Lua-worded errors: used by {@link ServerBinding} and the UDP socket. */
final class Sockets {
    /** How long a bind may take before it is reported as failed, in ms. */
    static final long BIND_TIMEOUT_MS = 5_000;

    private Sockets() {}

    /**
     * Binds {@code bootstrap} to host:port and waits (at most {@link #BIND_TIMEOUT_MS}) for the
     * result, so a script learns the bound port — or why it could not bind — from the call itself.
     * Engine thread (blocks it only for the bind).
     *
     * @throws LuaError {@code <fname>: cannot bind <host>:<port> (<reason>)}
     */
    static Channel bind(AbstractBootstrap<?, ?> bootstrap, String host, int port, String fname) {
        if (port < 0 || port > 65535) {
            throw new LuaError(fname + ": port out of range (" + port + ")");
        }
        ChannelFuture f;
        try {
            f = bootstrap.bind(new InetSocketAddress(host, port));
        } catch (IllegalStateException e) {
            throw new LuaError(fname + ": " + e.getMessage());
        }
        if (!f.awaitUninterruptibly(BIND_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
            f.channel().close();
            throw new LuaError(fname + ": cannot bind " + host + ":" + port + " (timeout)");
        }
        if (!f.isSuccess()) {
            Throwable c = f.cause();
            String why = c instanceof BindException ? "address already in use" : NetRuntime.describe(c, host);
            if (c instanceof BindException
                    && c.getMessage() != null
                    && !c.getMessage().toLowerCase().contains("in use")) {
                why = c.getMessage();
            }
            throw new LuaError(fname + ": cannot bind " + host + ":" + port + " (" + why + ")");
        }
        return f.channel();
    }
}
