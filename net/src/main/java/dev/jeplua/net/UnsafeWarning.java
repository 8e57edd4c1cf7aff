package dev.jeplua.net;

import java.lang.reflect.Field;

/**
 * Keeps the JDK's "terminally deprecated method in sun.misc.Unsafe" warning (JEP 471/498, JDK 24
 * and later) off the user's terminal. The MQTT client (HiveMQ) uses JCTools queues, and JCTools
 * reads field offsets through {@code sun.misc.Unsafe}; the JDK then prints a four-line warning on
 * stderr the first time, in the middle of a script's output. Nothing in it is for the script's
 * user, and JCTools offers no switch to avoid {@code Unsafe}.
 *
 * <p>The fix is made in the process, so that every way of starting the jar is covered ({@code
 * run.sh}, {@code java -jar} without the project's flags, tests): the JDK prints the warning only
 * while its private flag {@code sun.misc.Unsafe.memoryAccessWarned} is false, and that flag is
 * set before the first use, as if the warning had been printed. Package {@code sun.misc} is open
 * to every module ({@code jdk.unsupported}), so this needs no JVM flag. The equivalent JVM flag
 * is {@code --sun-misc-unsafe-memory-access=allow}, which JDK 21–23 refuse to start with, so
 * {@code tools/jvm.options} cannot carry it. A user who sets that flag (or the property {@code
 * sun.misc.unsafe.memory.access}) to any value gets the JDK's behaviour for it unchanged:
 * {@code warn}, {@code debug} and {@code deny} still work.
 */
final class UnsafeWarning {
    private UnsafeWarning() {}

    /**
     * Marks the warning as already printed, unless the user chose a mode or the JDK has no such
     * flag (before JDK 24). Any thread; idempotent; never throws.
     *
     * @return true when the flag was set
     */
    static boolean silence() {
        if (System.getProperty("sun.misc.unsafe.memory.access") != null) {
            return false;
        }
        try {
            Field warned = Class.forName("sun.misc.Unsafe").getDeclaredField("memoryAccessWarned");
            warned.setAccessible(true);
            warned.setBoolean(null, true);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false; // JDK 21-23 (no such warning), or a JDK that changed the field: nothing to do
        }
    }
}
