package dev.jeplua.debugger;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The line breakpoints the client set, by canonical file path ({@link SourcePaths}). DAP's
 * {@code setBreakpoints} replaces all breakpoints of one file at once, and so does
 * {@link #replace}. Written by the DAP thread, read by the engine thread at each new line.
 */
final class Breakpoints {
    /**
     * One breakpoint.
     *
     * @param line       1-based line
     * @param condition  Lua expression that must be true for it to stop, or null
     * @param logMessage text to log instead of stopping ({@code {expr}} parts evaluated), or null
     */
    record Line(int line, String condition, String logMessage) {}

    private final Map<String, Map<Integer, Line>> byFile = new ConcurrentHashMap<>();

    /** Replaces the breakpoints of {@code path} (canonical) with {@code lines}. */
    void replace(String path, List<Line> lines) {
        if (lines.isEmpty()) {
            byFile.remove(path);
            return;
        }
        Map<Integer, Line> m = new java.util.HashMap<>();
        for (Line l : lines) {
            m.put(l.line(), l);
        }
        byFile.put(path, Map.copyOf(m));
    }

    /** The breakpoint at {@code line} of {@code path}, or null. */
    Line at(String path, int line) {
        if (path == null) {
            return null;
        }
        Map<Integer, Line> m = byFile.get(path);
        return m == null ? null : m.get(line);
    }

    /** True when no file has a breakpoint. */
    boolean isEmpty() {
        return byFile.isEmpty();
    }

    /** Removes every breakpoint (the client disconnected). */
    void clear() {
        byFile.clear();
    }
}
