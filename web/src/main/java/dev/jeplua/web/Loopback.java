package dev.jeplua.web;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Whether a bind address keeps a server on this machine. A class of its own so that the command
 * line can ask before any server class (Undertow, Netty, SLF4J) is loaded. Any thread.
 */
public final class Loopback {
    private Loopback() {}

    /**
     * True when every address {@code host} resolves to is a loopback address ({@code 127.0.0.1},
     * {@code ::1}, {@code localhost}); false for wildcard and other addresses and for names that
     * do not resolve. May do a name lookup (none for address literals).
     */
    public static boolean isLoopback(String host) {
        try {
            InetAddress[] all = InetAddress.getAllByName(host);
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
