package dev.jeplua.telnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Clients that flood the server or never read, and random bytes, over real sockets: memory
 * stays bounded (peak heap measured and printed), the engine and the other clients go on, no
 * thread is left behind.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TelnetFloodTest extends RunningServer {
    /** Polls {@code condition} every 5 ms for at most 10 s. */
    static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    /** Samples the used heap every 2 ms on a daemon thread, keeping the highest figure. */
    static final class HeapPeak implements AutoCloseable {
        final AtomicLong peak = new AtomicLong();
        final long baseline;
        private volatile boolean running = true;
        private final Thread thread;

        HeapPeak() {
            baseline = retainedHeap();
            thread = new Thread(
                    () -> {
                        while (running) {
                            peak.accumulateAndGet(used(), Math::max);
                            try {
                                Thread.sleep(2);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    },
                    "test-heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        static long used() {
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }

        /** Used heap after a full collection: what is really held. */
        static long retainedHeap() {
            System.gc();
            System.gc();
            return used();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join();
        }
    }

    static long mib(long bytes) {
        return bytes >> 20;
    }

    @Test
    void a_client_sending_38_mib_of_negotiation_requests_without_reading_is_not_read_further_and_memory_stays_bounded()
            throws Exception {
        Socket flooder = new Socket();
        flooder.setReceiveBufferSize(4096);
        flooder.connect(address);
        AtomicLong written = new AtomicLong();
        long total = 38L << 20;
        byte[] block = new byte[3 * 21_845];
        for (int i = 0; i < block.length; i += 3) {
            block[i] = (byte) TelnetDecoder.IAC;
            block[i + 1] = (byte) TelnetDecoder.DO;
            block[i + 2] = 1; // ECHO: every request is answered IAC WONT ECHO
        }
        Thread writer = new Thread(
                () -> {
                    try {
                        OutputStream out = flooder.getOutputStream();
                        while (written.get() < total) {
                            out.write(block);
                            written.addAndGet(block.length);
                        }
                    } catch (IOException e) {
                        // the socket was closed at the end of the test
                    }
                },
                "test-negotiation-flooder");
        writer.setDaemon(true);
        try (TestClient good = connect();
                HeapPeak heap = new HeapPeak()) {
            writer.start();
            awaitTrue("the server stops reading the flooder", () -> server.clients().stream()
                    .anyMatch(TelnetSessionHandler::readingPaused));
            // the flooder's writes block once the kernel buffers are full: wait until it makes no progress
            long last = -1;
            while (written.get() != last) {
                last = written.get();
                Thread.sleep(100);
            }
            long retained = HeapPeak.retainedHeap();
            good.send("=1+1");
            assertThat(good.await("> ")).isEqualTo("2\r\n> ");
            TelnetSessionHandler stalled = server.clients().stream()
                    .filter(TelnetSessionHandler::readingPaused)
                    .findFirst()
                    .orElseThrow();
            heap.close();
            System.out.printf(
                    "negotiation flood: %,d of %,d bytes accepted before the flooder blocked; output waiting for it %,d bytes"
                            + " (counted); heap baseline %d MiB, peak used %d MiB, retained while stalled %d MiB%n",
                    written.get(),
                    total,
                    stalled.pendingOutputBytes(),
                    mib(heap.baseline),
                    mib(heap.peak.get()),
                    mib(retained));
            assertThat(written.get())
                    .as("bytes the server let the flooder send")
                    .isLessThan(total);
            assertThat(stalled.pendingOutputBytes()).isLessThanOrEqualTo(TelnetSessionHandler.MAX_PENDING_OUTPUT_BYTES);
            assertThat(retained - heap.baseline)
                    .as("heap retained by the stalled flood")
                    .isLessThan(32L << 20);
            assertThat(heap.peak.get() - heap.baseline).as("peak heap growth").isLessThan(512L << 20);
            int clients = server.clientCount();
            flooder.close();
            writer.join(10_000);
            awaitTrue("the server notices that the stalled flooder closed", () -> server.clientCount() == clients - 1);
        } finally {
            flooder.close();
            writer.join(10_000);
        }
    }

    @Test
    void a_client_that_never_reads_is_cut_off_while_40_mb_are_printed_and_a_reading_client_gets_them_all()
            throws Exception {
        int before = server.clientCount();
        Socket stuck = new Socket();
        stuck.setReceiveBufferSize(4096);
        stuck.connect(address);
        // (no TestClient during the flood: it keeps all it receives)
        try (Socket reader = new Socket(address.getAddress(), address.getPort());
                stuck;
                HeapPeak heap = new HeapPeak()) {
            awaitTrue("both clients joined", () -> server.clientCount() >= before + 2);
            OutputStream out = reader.getOutputStream();
            InputStream in = reader.getInputStream();
            // 40,000 lines of 1,000 bytes, 50 lines (50 kB) per 5 ms tick (10 MB/s), then a marker. The engine never
            // waits for a client, so a reader that falls 1 MiB behind is cut off by design: at 20 MB/s that is 50 ms
            // of slack, which a stall of this loaded 2-core machine sometimes exceeded; at 10 MB/s, 100 ms.
            out.write(("local line = string.rep('y', 999); local n = 0; "
                            + "flood = setInterval(function() for i = 1, 50 do n = n + 1; print(line) end; "
                            + "if n >= 40000 then clearInterval(flood); print('flood' .. ' done') end end, 5)\n")
                    .getBytes(StandardCharsets.UTF_8));
            long lines = 0;
            long bytes = 0;
            byte[] buf = new byte[1 << 16];
            ByteArrayOutputStream tail = new ByteArrayOutputStream();
            while (true) {
                int n = in.read(buf);
                assertThat(n).as("the reading client was not cut off").isPositive();
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines++;
                    }
                }
                tail.write(buf, 0, n);
                String t = tail.toString(StandardCharsets.ISO_8859_1);
                if (t.contains("flood done\r\n")) {
                    break;
                }
                if (tail.size() > 4096) {
                    byte[] keep = java.util.Arrays.copyOfRange(tail.toByteArray(), tail.size() - 16, tail.size());
                    tail.reset();
                    tail.write(keep);
                }
            }
            awaitTrue("the stuck client is disconnected", () -> server.clientCount() == before + 1);
            out.write("=1+1\n".getBytes(StandardCharsets.UTF_8));
            String answer = "";
            while (!answer.endsWith("2\r\n> ")) {
                int n = in.read(buf);
                assertThat(n).isPositive();
                answer += new String(buf, 0, n, StandardCharsets.ISO_8859_1);
            }
            heap.close();
            long retained = HeapPeak.retainedHeap();
            System.out.printf(
                    "print flood: %,d bytes (%,d lines) to the reading client; heap baseline %d MiB, peak used %d MiB,"
                            + " retained after %d MiB%n",
                    bytes, lines, mib(heap.baseline), mib(heap.peak.get()), mib(retained));
            assertThat(lines)
                    .as("greeting, prompt lines, 40,000 printed lines and the marker")
                    .isGreaterThanOrEqualTo(40_001);
            assertThat(bytes).isGreaterThan(40_000L * 1001);
            assertThat(heap.peak.get() - heap.baseline).as("peak heap growth").isLessThan(512L << 20);
            assertThat(retained - heap.baseline)
                    .as("heap retained after the flood")
                    .isLessThan(32L << 20);
        } finally {
            try (TestClient cleanup = connect()) {
                cleanup.send("clearInterval(flood)"); // when the test failed midway
                cleanup.await("> ");
            }
        }
    }

    @Test
    void ten_thousand_random_lines_crash_nothing_leak_no_thread_and_the_server_still_answers() throws Exception {
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        Random random = new Random(20261204);
        ByteArrayOutputStream junk = new ByteArrayOutputStream();
        for (int line = 0; line < 10_000; line++) {
            int length = random.nextInt(61);
            for (int i = 0; i < length; i++) {
                int kind = random.nextInt(20);
                if (kind < 10) {
                    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 ()[]{}=+-*/.\"',:;#~<>";
                    junk.write(alphabet.charAt(random.nextInt(alphabet.length())));
                } else if (kind < 13) {
                    int c = random.nextInt(32);
                    // line ends frame the lines; Ctrl-D would end the session (tested elsewhere); Ctrl-C comes below
                    junk.write(c == '\n' || c == '\r' || c == 4 || c == 3 ? 0x1B : c);
                } else if (kind < 16) {
                    junk.write(0x80 + random.nextInt(127)); // 0x80-0xFE: invalid or partial UTF-8
                } else {
                    junk.write(TelnetDecoder.IAC);
                    switch (random.nextInt(6)) {
                        case 0 -> {
                            junk.write(TelnetDecoder.WONT + random.nextInt(4)); // WILL, WONT, DO, DONT
                            junk.write(random.nextInt(256));
                        }
                        case 1 -> {
                            junk.write(TelnetDecoder.SB);
                            junk.write(random.nextInt(
                                    255)); // a well-formed subnegotiation (an unended one swallows the rest)
                            junk.write(TelnetDecoder.IAC);
                            junk.write(TelnetDecoder.SE);
                        }
                        case 2 -> junk.write(TelnetDecoder.IAC);
                        case 3 -> junk.write(249); // GA
                        case 4 -> junk.write(random.nextBoolean() ? TelnetDecoder.EC : TelnetDecoder.EL);
                        default -> junk.write(new int[] {241, 242, 245, 246}[random.nextInt(4)]); // NOP, DM, AO, AYT
                    }
                }
            }
            if (random.nextInt(1000) == 0) {
                // now and then Ctrl-C or IAC IP/BRK: interrupts what runs and drops the lines waiting
                // (in every line, they would leave the engine almost nothing to do)
                int k = random.nextInt(3);
                junk.write(k == 0 ? 3 : TelnetDecoder.IAC);
                if (k > 0) {
                    junk.write(k == 1 ? TelnetDecoder.IP : TelnetDecoder.BRK);
                }
            }
            junk.write(random.nextBoolean() ? '\n' : '\r');
            if (random.nextBoolean()) {
                junk.write('\n');
            }
        }
        byte[] bytes = junk.toByteArray();

        int clientsBefore = server.clientCount();
        try (TestClient fuzz = connect()) {
            long t0 = System.nanoTime();
            fuzz.sendBytes(bytes);
            // the queued lines run one by one: wait until the replies stop coming
            int seen = -1;
            while (fuzz.pending().length() != seen) {
                seen = fuzz.pending().length();
                Thread.sleep(300);
            }
            fuzz.sendBytes(new byte[] {3, '\n'}); // Ctrl-C: stop what may still run, drop a pending chunk
            fuzz.send("print('fuzz' .. '-done')");
            String replies = fuzz.await("fuzz-done");
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            fuzz.send("=1+1");
            assertThat(fuzz.await("2\r\n> ")).isNotEmpty();
            try (TestClient fresh = connect()) {
                fresh.send("=1+1");
                assertThat(fresh.await("> ")).isEqualTo("2\r\n> ");
            }
            long errors = replies.lines().filter(l -> l.contains("stdin:")).count();
            long dropped = replies.lines()
                    .filter(l -> l.contains("lines already wait"))
                    .count();
            long interrupted =
                    replies.lines().filter(l -> l.contains("interrupted")).count();
            System.out.printf(
                    "fuzz: 10,000 random lines (%,d bytes) handled in %,d ms: %,d compile/run errors from the engine,"
                            + " %,d lines refused (queue of %d full), %,d interrupted; connection still open%n",
                    bytes.length, ms, errors, dropped, TelnetSessionHandler.MAX_QUEUED_LINES, interrupted);
            assertThat(errors).as("junk lines the engine compiled and rejected").isGreaterThan(100);
        }
        awaitTrue("the clients are gone", () -> server.clientCount() == clientsBefore);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int threadsAfter;
        while ((threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount()) > threadsBefore + 3
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        System.out.printf("fuzz: live threads before %d, after %d%n", threadsBefore, threadsAfter);
        assertThat(threadsAfter)
                .as("live threads after the fuzz (before: %d)", threadsBefore)
                .isLessThanOrEqualTo(threadsBefore + 3);
    }
}
