package dev.jeplua.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.api.EngineConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code POST /execute} with 10,000 random byte strings and 10,000 mutated valid bodies over
 * keep-alive connections: the server never crashes, every answer is well-formed JSON with a
 * sane status, and no thread is left behind. Seeded, so a failure can be replayed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExecuteFuzzTest {
    static final int RANDOM_BODIES = 10_000;
    static final int MUTATED_BODIES = 10_000;
    static final int CONNECTIONS = 4;
    static final Set<Integer> SANE = Set.of(200, 400, 408, 413);
    static final List<String> SEEDS = List.of(
            "{\"code\":\"return 1 + 2\"}",
            "{\"code\":\"print('x') return {a = 1, b = {2, 3}}\",\"timeout\":5}",
            "{\"script\":\"return 'y' .. 'z'\"}",
            "{\"is_json\":true,\"function\":\"string.upper\",\"args\":[\"abc\"]}",
            "{\"is_json\":true,\"module\":\"json\",\"function\":\"encode\",\"args\":[{\"k\":[1,2.5,null,true]}]}",
            "{\"is_json\":true,\"function\":\"math.max\",\"args\":[1e400,-3,7]}",
            "{\"code\":\"local t = {} for i = 1, 10 do t[i] = i end return #t\",\"timeout\":2}",
            "{\"code\":\"return \\\"\\\\u00e9\\\\n\\\", nil, 0/0\"}");

    @Test
    void random_and_mutated_bodies_get_well_formed_json_answers_and_leak_no_threads() throws Exception {
        LuaEngine engine = new LuaEngine(new EngineConfig().stdout(false));
        engine.start();
        WebServer server = new WebServer(engine, new WebServer.Options("127.0.0.1", 0, null));
        int port = server.start().getPort();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger reconnects = new AtomicInteger();
        long start = System.nanoTime();
        int threadsBefore;
        int threadsAfter;
        try {
            // warm up (engine, pools, JIT) before counting threads
            runBatch(port, new Random(1), 200, true, statuses, reconnects);
            threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
            statuses.clear();
            try (ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS)) {
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < CONNECTIONS; c++) {
                    long seed = 42 + c;
                    done.add(pool.submit(() -> {
                        Random random = new Random(seed);
                        runBatch(port, random, RANDOM_BODIES / CONNECTIONS, false, statuses, reconnects);
                        runBatch(port, random, MUTATED_BODIES / CONNECTIONS, true, statuses, reconnects);
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(100, TimeUnit.SECONDS);
                }
            }
            // the engine still answers normally
            try (RawHttp c = new RawHttp(port, 5000)) {
                RawHttp.Reply r = c.exchange(
                        "POST /execute HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n",
                        "{\"code\":\"return 'alive'\"}".getBytes(StandardCharsets.UTF_8));
                assertThat(Json.MAPPER.readTree(r.body()).get("result").asText())
                        .isEqualTo("alive");
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            do {
                threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
                if (threadsAfter <= threadsBefore + 3) {
                    break;
                }
                Thread.sleep(100);
            } while (System.nanoTime() < deadline);
        } finally {
            server.close();
            engine.close();
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        int total = statuses.values().stream().mapToInt(AtomicInteger::get).sum();
        System.out.printf(
                "fuzz: %d random + %d mutated bodies, %d answers by status %s, %d reconnects, %d ms, threads %d -> %d%n",
                RANDOM_BODIES, MUTATED_BODIES, total, statuses, reconnects.get(), ms, threadsBefore, threadsAfter);
        assertThat(total).isEqualTo(RANDOM_BODIES + MUTATED_BODIES);
        assertThat(statuses.keySet()).allMatch(SANE::contains);
        assertThat(statuses.getOrDefault(200, new AtomicInteger()).get())
                .as("some mutated bodies still run")
                .isPositive();
        assertThat(threadsAfter)
                .as("live threads before %d, after %d", threadsBefore, threadsAfter)
                .isLessThanOrEqualTo(threadsBefore + 3);
    }

    /** Posts {@code n} bodies over one keep-alive connection (a new one if the server closes it), checking each answer. */
    private static void runBatch(
            int port,
            Random random,
            int n,
            boolean mutated,
            Map<Integer, AtomicInteger> statuses,
            AtomicInteger reconnects)
            throws IOException {
        String head = "POST /execute HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n";
        RawHttp c = new RawHttp(port, 10_000);
        try {
            for (int i = 0; i < n; i++) {
                byte[] body = mutated
                        ? mutate(random, SEEDS.get(random.nextInt(SEEDS.size())).getBytes(StandardCharsets.UTF_8))
                        : randomBytes(random);
                RawHttp.Reply r;
                try {
                    r = c.exchange(head, body);
                } catch (java.io.EOFException | java.net.SocketException e) {
                    c.close();
                    c = new RawHttp(port, 10_000);
                    reconnects.incrementAndGet();
                    r = c.exchange(head, body);
                }
                assertThat(r.header("Content-Type"))
                        .as("body %s", printable(body))
                        .isEqualTo(Json.CONTENT_TYPE);
                JsonNode answer = Json.MAPPER.readTree(r.body());
                assertThat(answer.isObject()).isTrue();
                assertThat(answer.has("success")).as(r.body()).isTrue();
                if (r.status() != 200) {
                    assertThat(answer.get("error").isTextual()).as(r.body()).isTrue();
                }
                statuses.computeIfAbsent(r.status(), k -> new AtomicInteger()).incrementAndGet();
                if ("close".equalsIgnoreCase(r.header("Connection"))) {
                    c.close();
                    c = new RawHttp(port, 10_000);
                    reconnects.incrementAndGet();
                }
            }
        } finally {
            c.close();
        }
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(300)];
        random.nextBytes(b);
        if (random.nextBoolean() && b.length > 0) {
            b[0] = '{'; // half of them start like an object, to get past the first byte
        }
        return b;
    }

    /** 1 to 4 mutations: flip a bit, insert a random or structural byte, delete a byte, duplicate or truncate a span. */
    private static byte[] mutate(Random random, byte[] seed) {
        byte[] b = seed;
        byte[] structural = "{}[]\",:\\0-.e9ntf ".getBytes(StandardCharsets.US_ASCII);
        for (int m = 1 + random.nextInt(4); m > 0 && b.length > 0; m--) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(6)) {
                case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b = insert(b, at, (byte) random.nextInt(256));
                case 2 -> b = insert(b, at, structural[random.nextInt(structural.length)]);
                case 3 ->
                    b = concat(
                            java.util.Arrays.copyOfRange(b, 0, at), java.util.Arrays.copyOfRange(b, at + 1, b.length));
                case 4 -> {
                    int end = Math.min(b.length, at + 1 + random.nextInt(16));
                    b = concat(java.util.Arrays.copyOfRange(b, 0, end), java.util.Arrays.copyOfRange(b, at, b.length));
                }
                default -> b = java.util.Arrays.copyOfRange(b, 0, at);
            }
        }
        return b;
    }

    private static byte[] insert(byte[] b, int at, byte v) {
        byte[] r = new byte[b.length + 1];
        System.arraycopy(b, 0, r, 0, at);
        r[at] = v;
        System.arraycopy(b, at, r, at + 1, b.length - at);
        return r;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static String printable(byte[] body) {
        StringBuilder s = new StringBuilder();
        for (byte x : body) {
            s.append(x >= 0x20 && x < 0x7f ? String.valueOf((char) x) : String.format("\\x%02x", x & 0xff));
        }
        return s.toString();
    }
}
