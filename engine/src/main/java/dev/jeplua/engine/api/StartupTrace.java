package dev.jeplua.engine.api;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Named time marks along a process's start-up, for measuring where it goes
 * (docs/performance.md#start-up). Off unless the system property {@code jeplua.startupTrace} or the
 * environment variable {@code JEPLUA_STARTUP_TRACE} is set (to anything but {@code false}); off,
 * {@link #mark} is one static final boolean test. On, {@link #report} prints one line per mark to
 * the given stream: milliseconds since the JVM started (from the runtime MX bean, read only then),
 * the thread, and the mark's name.
 *
 * <p>Any thread.
 */
public final class StartupTrace {
    /** Whether marks are recorded (fixed when this class initialises). */
    public static final boolean ENABLED = enabled();

    private static final List<String> MARKS = new ArrayList<>();
    private static final List<Long> TIMES = new ArrayList<>();
    private static final List<String> THREADS = new ArrayList<>();

    private StartupTrace() {}

    private static boolean enabled() {
        String p = System.getProperty("jeplua.startupTrace");
        if (p == null) {
            p = System.getenv("JEPLUA_STARTUP_TRACE");
        }
        return p != null && !p.equalsIgnoreCase("false");
    }

    /** Records that start-up reached {@code name} now. Cheap no-op when tracing is off. Any thread. */
    public static void mark(String name) {
        if (!ENABLED) {
            return;
        }
        long now = System.nanoTime();
        synchronized (MARKS) {
            MARKS.add(name);
            TIMES.add(now);
            THREADS.add(Thread.currentThread().getName());
        }
    }

    /**
     * Prints the marks so far, each as milliseconds since the JVM started (the JVM's own start
     * time, ms resolution), and forgets them. Does nothing when tracing is off. Any thread.
     *
     * @param out where the lines go (stderr in the cli)
     */
    public static void report(PrintStream out) {
        if (!ENABLED) {
            return;
        }
        long start = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        // nanoTime has no epoch: place it on the wall clock once, now
        double offsetMs = System.currentTimeMillis() - System.nanoTime() / 1e6 - start;
        synchronized (MARKS) {
            for (int i = 0; i < MARKS.size(); i++) {
                out.printf(
                        "jeplua: startup %7.1f ms  %-20s %s%n",
                        TIMES.get(i) / 1e6 + offsetMs, THREADS.get(i), MARKS.get(i));
            }
            MARKS.clear();
            TIMES.clear();
            THREADS.clear();
        }
        out.flush();
    }
}
