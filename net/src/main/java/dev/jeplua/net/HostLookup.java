package dev.jeplua.net;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Host name lookups for {@link LoopHttpClient} off the {@code net} event loop: the system
 * resolver ({@link InetAddress#getByName}, hosts file and DNS, with the JDK's cache) blocks, and
 * the event loop shares its carrier with the engine, so a lookup runs on a daemon platform thread
 * ({@code jeplua-dns-N}, created on demand, ended after 60 s idle) and its result is handed back
 * to the event loop. An IP address literal needs no lookup ({@link #literal}).
 */
final class HostLookup {
    private final AtomicInteger ids = new AtomicInteger();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "jeplua-dns-" + ids.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    /**
     * The address of an IP literal ({@code 127.0.0.1}, {@code ::1}, without brackets), or null
     * when {@code host} is a name. Any thread.
     */
    static InetSocketAddress literal(String host, int port) {
        if (!NetUtil.isValidIpV4Address(host) && !NetUtil.isValidIpV6Address(host)) {
            return null;
        }
        InetAddress a = NetUtil.createInetAddressFromIpAddressString(host);
        return a == null ? null : new InetSocketAddress(a, port);
    }

    /**
     * Looks {@code host} up on a lookup thread and calls {@code then(address, null)} or
     * {@code then(null, UnknownHostException)} on {@code back} (the event loop). Any thread.
     */
    void resolve(String host, int port, Executor back, BiConsumer<InetSocketAddress, Throwable> then) {
        try {
            pool.execute(() -> {
                InetSocketAddress address = null;
                Throwable failure = null;
                try {
                    address = new InetSocketAddress(InetAddress.getByName(host), port);
                } catch (UnknownHostException | SecurityException e) {
                    failure = e;
                }
                InetSocketAddress a = address;
                Throwable f = failure;
                try {
                    back.execute(() -> then.accept(a, f));
                } catch (RejectedExecutionException e) {
                    // the event loop has shut down: the exchange waiting for this is gone with it
                }
            });
        } catch (RejectedExecutionException e) {
            try {
                back.execute(() -> then.accept(null, new IllegalStateException("net: engine is closed")));
            } catch (RejectedExecutionException gone) {
                // the event loop has shut down too
            }
        }
    }

    /** Stops the lookup threads. Any thread; idempotent. */
    void shutdown() {
        pool.shutdownNow();
    }
}
