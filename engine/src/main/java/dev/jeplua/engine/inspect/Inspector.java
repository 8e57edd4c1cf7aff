package dev.jeplua.engine.inspect;

import dev.jeplua.engine.api.EngineContext;
import dev.jeplua.engine.coroutine.Coroutine;
import dev.jeplua.engine.coroutine.CoroutineScheduler;
import dev.jeplua.engine.errors.LuaFrames;
import dev.jeplua.engine.loop.Timer;
import dev.jeplua.engine.loop.TimerQueue;
import dev.jeplua.engine.reload.RunScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live inspector of one engine (README.md#live-inspector): what is pending or open inside it,
 * by section, for the web page's "Inspector" tab. Built in: {@code timers} (timeouts and
 * intervals: id, next due, period, where created; closable: {@code clearTimeout}) and
 * {@code coroutines} (suspended ones: kind, what they wait for, where) and {@code resources}
 * (what the script has open: {@code net} servers, windows; closable, see {@link RunScope}). Libraries add their own
 * sections with {@link #register} ({@code store}, {@code sessions} ...).
 *
 * <p>One instance per engine ({@link #of}). {@link #register} is any thread; {@link #snapshot}
 * and {@link #close} are engine thread only (other threads go through {@code EngineContext.ask}).
 */
public final class Inspector {
    private final Map<String, InspectSection> sections = new ConcurrentHashMap<>();

    private Inspector(EngineContext engine) {
        sections.put("timers", new TimerSection(engine.loop().timers()));
        sections.put("coroutines", new CoroutineSection(engine.scheduler()));
        // RunScope is looked up when asked: a component's constructor must not create another
        // (EngineContext.component's map refuses a recursive update)
        sections.put("resources", new ResourceSection(engine));
    }

    /** The inspector of {@code engine}, created on first use. Any thread. */
    public static Inspector of(EngineContext engine) {
        return engine.component(Inspector.class, () -> new Inspector(engine));
    }

    /** Adds or replaces a section. Any thread. */
    public void register(String name, InspectSection section) {
        sections.put(name, section);
    }

    /**
     * Every section's rows, sections in name order:
     * {@code {"coroutines": {"closable": false, "rows": [...]}, "timers": {...}, ...}}. Engine thread.
     */
    public Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        sections.keySet().stream().sorted().forEach(name -> {
            InspectSection s = sections.get(name);
            Map<String, Object> section = new LinkedHashMap<>();
            section.put("closable", s.closable());
            section.put("rows", s.rows());
            out.put(name, section);
        });
        return out;
    }

    /**
     * Closes row {@code id} of {@code section}. Engine thread, inside a coroutine.
     *
     * @return true when something was closed; false for an unknown section or row
     */
    public boolean close(String section, String id) {
        InspectSection s = sections.get(section);
        return s != null && s.close(id);
    }

    /** Pending timeouts and intervals, in due order. */
    private record TimerSection(TimerQueue timers) implements InspectSection {
        @Override
        public List<Map<String, Object>> rows() {
            long now = timers.ticker().nanoTime();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Timer t : timers.snapshot()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", Integer.toString(t.id()));
                row.put("kind", t.isInterval() ? "interval" : "timeout");
                row.put("due_in_ms", Math.max(0, (t.dueNanos() - now) / 1_000_000));
                row.put("period_ms", t.periodNanos() / 1_000_000.0);
                row.put("created_at", t.site());
                row.put("system", t.isSystem());
                rows.add(row);
            }
            return rows;
        }

        @Override
        public boolean close(String id) {
            try {
                int n = Integer.parseInt(id);
                if (timers.get(n) == null) {
                    return false;
                }
                timers.cancel(n);
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }

        @Override
        public boolean closable() {
            return true;
        }
    }

    /** Coroutines suspended now: the callbacks and {@code coroutine.create} ones waiting in a yield. */
    private record CoroutineSection(CoroutineScheduler scheduler) implements InspectSection {
        @Override
        public List<Map<String, Object>> rows() {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Coroutine co : scheduler.suspended()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", Integer.toHexString(System.identityHashCode(co)));
                row.put("kind", co.kind());
                row.put("waiting_for", co.waitingFor());
                List<LuaFrames.Frame> frames = LuaFrames.all(co);
                row.put("at", frames.isEmpty() ? null : frames.get(0).position());
                rows.add(row);
            }
            rows.sort((a, b) -> String.valueOf(a.get("at")).compareTo(String.valueOf(b.get("at"))));
            return rows;
        }
    }

    /** Servers and windows the script has open ({@link RunScope}). */
    private record ResourceSection(EngineContext engine) implements InspectSection {
        @Override
        public List<Map<String, Object>> rows() {
            List<Map<String, Object>> rows = new ArrayList<>();
            RunScope.of(engine).open().forEach((id, r) -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", id);
                row.put("kind", r.kind());
                row.put("what", r.description());
                rows.add(row);
            });
            return rows;
        }

        @Override
        public boolean close(String id) {
            return RunScope.of(engine).close(id);
        }

        @Override
        public boolean closable() {
            return true;
        }
    }
}
