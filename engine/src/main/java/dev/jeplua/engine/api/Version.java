package dev.jeplua.engine.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * JEPLua's version, generated from the pom: the build filters {@code dev/jeplua/engine/api/version.properties}
 * (see engine/pom.xml), and this class reads it once, when it is first used.
 *
 * <p>A value the resource does not hold (a build without Maven resource filtering, or a missing
 * resource) is {@value #UNKNOWN}, never an exception.
 */
public final class Version {
    /** The value of a field the version resource does not provide. */
    public static final String UNKNOWN = "unknown";

    /** JEPLua's version, the pom's {@code project.version}, e.g. {@code 0.1.0}. */
    public static final String VERSION;

    /** The LuaJ version JEPLua was built against, the pom's {@code luaj.version}, e.g. {@code 3.0.1}. */
    public static final String LUAJ_VERSION;

    static {
        Properties p = load();
        VERSION = value(p, "version");
        LUAJ_VERSION = value(p, "luaj.version");
    }

    private Version() {}

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException | IllegalArgumentException e) {
            // unreadable resource: every field stays UNKNOWN
        }
        return p;
    }

    /** The trimmed value of {@code key}, or {@link #UNKNOWN} when it is missing, empty or was not filtered. */
    private static String value(Properties p, String key) {
        String v = p.getProperty(key, "").trim();
        return v.isEmpty() || v.contains("${") ? UNKNOWN : v;
    }
}
