// Telnet REPL benchmarks (issue 3), a single-file program against the runnable jar:
//   java @tools/jvm.options -cp cli/target/jeplua.jar bench/TelnetBench.java [clients] [lines] [roundTrips]
// bench/telnet.sh runs it with the defaults (10 clients, 1,000,000 lines, 20,000 round trips).
//
// 1. Broadcast throughput: an engine with the telnet server on a free loopback port and
//    `clients` connected socket clients (each a thread reading as fast as it can). One REPL
//    command prints `lines` short lines, 10,000 per event-loop batch (setImmediate chunks);
//    the figure is lines delivered to all clients per second, from the command's submission
//    until the last client has every line; the slowest client's count shows none starved.
// 2. Round trip: one client sends `1+1` and waits for `2` and the prompt, `roundTrips` times
//    after a warm-up; prints p50, p99 and max in microseconds.
import dev.jeplua.engine.api.EngineConfig;
import dev.jeplua.engine.LuaEngine;
import dev.jeplua.telnet.TelnetServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

public class TelnetBench {
    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int lines = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int roundTrips = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        LuaEngine engine = new LuaEngine(new EngineConfig().stdout(false)
                .storePath(java.nio.file.Files.createTempDirectory("bench").resolve("s.db")));
        engine.start();
        TelnetServer server = new TelnetServer(engine, "127.0.0.1", 0);
        InetSocketAddress address = server.start();

        broadcast(address, clients, 100_000, "warm-up", server);
        broadcast(address, clients, lines, "broadcast", server);
        roundTrip(address, 2_000, false);
        roundTrip(address, roundTrips, true);
        server.close();
        engine.close();
        System.exit(0);
    }

    static void broadcast(InetSocketAddress address, int clients, int lines, String label, TelnetServer server) throws Exception {
        AtomicLongArray received = new AtomicLongArray(clients);
        Socket[] sockets = new Socket[clients];
        Thread[] readers = new Thread[clients];
        for (int i = 0; i < clients; i++) {
            Socket s = new Socket(address.getAddress(), address.getPort());
            s.setReceiveBufferSize(1 << 20);
            sockets[i] = s;
            int index = i;
            readers[i] = new Thread(() -> {
                byte[] buf = new byte[1 << 16];
                try (InputStream in = s.getInputStream()) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        long c = 0;
                        for (int k = 0; k < n; k++) {
                            if (buf[k] == '\n') {
                                c++;
                            }
                        }
                        received.addAndGet(index, c);
                    }
                } catch (Exception e) {
                    // closed at the end
                }
            });
            readers[i].setDaemon(true);
            readers[i].start();
        }
        while (server.clientCount() < clients) {
            Thread.sleep(1);
        }
        Thread.sleep(200);
        long[] before = new long[clients];
        for (int i = 0; i < clients; i++) {
            before[i] = received.get(i);
        }
        String code = "local total, left = " + lines + ", " + lines + "; "
                + "local function chunk() local n = math.min(10000, left); for i = 1, n do print('line ' .. (total - left + i)) end; "
                + "left = left - n; if left > 0 then setImmediate(chunk) end end; chunk()";
        long t0 = System.nanoTime();
        try (Socket driver = new Socket(address.getAddress(), address.getPort())) {
            // the driver's own copy of the output is not counted; it only submits the command
            driver.setReceiveBufferSize(1 << 20);
            Thread drain = new Thread(() -> {
                try {
                    driver.getInputStream().transferTo(OutputStream.nullOutputStream());
                } catch (Exception e) {
                    // closed
                }
            });
            drain.setDaemon(true);
            drain.start();
            OutputStream out = driver.getOutputStream();
            out.write((code + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (true) {
                long min = Long.MAX_VALUE;
                for (int i = 0; i < clients; i++) {
                    min = Math.min(min, received.get(i) - before[i]);
                }
                if (min >= lines || System.nanoTime() > deadline) {
                    break;
                }
                Thread.sleep(1);
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        long min = Long.MAX_VALUE;
        long total = 0;
        for (int i = 0; i < clients; i++) {
            long got = received.get(i) - before[i];
            min = Math.min(min, got);
            total += got;
        }
        if (!label.equals("warm-up")) {
            System.out.printf("broadcast: %d lines to %d clients in %.3f s = %,.0f lines/s delivered in total (%,.0f per client); slowest client got %d of %d%n",
                    lines, clients, s, total / s, total / s / clients, min, lines);
        }
        for (Socket sock : sockets) {
            sock.close();
        }
        while (server.clientCount() > 0) {
            Thread.sleep(1);
        }
    }

    static void roundTrip(InetSocketAddress address, int n, boolean print) throws Exception {
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            readUntil(in, "> ");
            byte[] cmd = "1+1\n".getBytes(StandardCharsets.US_ASCII);
            long[] us = new long[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                out.write(cmd);
                out.flush();
                readUntil(in, "2\r\n> ");
                us[i] = (System.nanoTime() - t0) / 1000;
            }
            if (print) {
                Arrays.sort(us);
                System.out.printf("round trip '1+1' -> '2' over loopback telnet, %d times: p50 %d us, p99 %d us, max %d us%n",
                        n, us[n / 2], us[(int) (n * 0.99)], us[n - 1]);
            }
        }
    }

    static void readUntil(InputStream in, String end) throws Exception {
        byte[] e = end.getBytes(StandardCharsets.US_ASCII);
        int matched = 0;
        while (matched < e.length) {
            int b = in.read();
            if (b < 0) {
                throw new IllegalStateException("closed");
            }
            matched = b == e[matched] ? matched + 1 : (b == e[0] ? 1 : 0);
        }
    }
}
