package dev.jeplua.engine.compile;

import java.util.Locale;

/**
 * The switch of the compiled tier: system property {@code jeplua.compile}, else environment
 * variable {@code JEPLUA_COMPILE}, with the values {@code on} (also {@code true}, {@code 1}) or
 * {@code off}; on when neither is set (docs/compiled-tier.md). Read when an engine is created.
 * Any thread.
 */
public final class CompileMode {
    /** The system property naming the mode. */
    public static final String PROPERTY = "jeplua.compile";

    /** The environment variable naming the mode when the property is not set. */
    public static final String ENVIRONMENT = "JEPLUA_COMPILE";

    private CompileMode() {}

    /** True when Lua functions are compiled to JVM bytecode. */
    public static boolean enabled() {
        String value = System.getProperty(PROPERTY);
        if (value == null) {
            value = System.getenv(ENVIRONMENT);
        }
        return value == null || isOn(value);
    }

    /** True for {@code on}, {@code true}, {@code yes} and {@code 1} (any case). */
    static boolean isOn(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes", "1" -> true;
            default -> false;
        };
    }
}
