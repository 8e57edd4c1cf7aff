package dev.jeplua.telnet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** A raw TCP client as {@code nc} is: writes bytes, collects what arrives on a reader thread. */
final class TestClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final StringBuilder received = new StringBuilder();
    private volatile boolean eof;
    private long lineEnds;
    private int mark;

    TestClient(InetSocketAddress address) throws IOException {
        socket = new Socket(address.getAddress(), address.getPort());
        out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        Thread reader = new Thread(
                () -> {
                    byte[] buf = new byte[65536];
                    try {
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            String s = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                            synchronized (received) {
                                received.append(s);
                                for (int i = 0; i < n; i++) {
                                    if (buf[i] == '\n') {
                                        lineEnds++;
                                    }
                                }
                                received.notifyAll();
                            }
                        }
                    } catch (IOException e) {
                        // connection reset: same as end of stream for the tests
                    }
                    eof = true;
                    synchronized (received) {
                        received.notifyAll();
                    }
                },
                "test-client-reader");
        reader.setDaemon(true);
        reader.start();
    }

    TestClient send(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    TestClient sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Waits (at most 10 s) until the text after the mark contains {@code needle}; returns it up to the needle and moves the mark past it. */
    String await(String needle) throws InterruptedException {
        return awaitWithin(needle, 10_000);
    }

    String awaitWithin(String needle, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        synchronized (received) {
            while (true) {
                int at = received.indexOf(needle, mark);
                if (at >= 0) {
                    String text = received.substring(mark, at + needle.length());
                    mark = at + needle.length();
                    return text;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || eof) {
                    throw new AssertionError("did not receive '" + needle + "'; got: '" + tail() + "'"
                            + (eof ? " (connection closed)" : ""));
                }
                received.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /** Line ends received so far. */
    long lineEnds() {
        synchronized (received) {
            return lineEnds;
        }
    }

    /** Waits (at most 10 s) until {@code n} line ends have been received in all. */
    void awaitLineEnds(long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (received) {
            while (lineEnds < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || eof) {
                    throw new AssertionError("condition not met; got: '" + tail() + "'");
                }
                received.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /** Waits (at most 10 s) for the server to close the connection. */
    void awaitClosed() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (received) {
            while (!eof) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("connection still open; got: '" + tail() + "'");
                }
                received.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /** Everything received after the mark (does not move it). */
    String pending() {
        synchronized (received) {
            return received.substring(mark);
        }
    }

    boolean closed() {
        return eof;
    }

    private String tail() {
        String s = received.substring(mark);
        return s.length() > 400 ? "..." + s.substring(s.length() - 400) : s;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
