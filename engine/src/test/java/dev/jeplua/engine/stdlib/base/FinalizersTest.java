package dev.jeplua.engine.stdlib.base;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.LuaEngine.ExecOptions;
import dev.jeplua.engine.api.EngineConfig;
import dev.jeplua.engine.testing.LuaSpecHarness;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code __gc} finalizers outside {@code collectgarbage}: tables the JVM collects on its own are
 * finalized in a later batch, and the tables still alive are finalized when the engine closes.
 * (The collectgarbage cases are in compatibility_spec.lua and conformance/cases/gc_*.lua.)
 */
@Timeout(60)
class FinalizersTest {
    @Test
    @SuppressWarnings({"removal", "deprecation"})
    void tables_collected_by_the_jvm_are_finalized_in_a_later_batch() throws Exception {
        LuaSpecHarness h = new LuaSpecHarness();
        h.runChunk("n = 0 local mt = {__gc = function(o) n = n + o[1] end}\n"
                + "for i = 1, 1000 do setmetatable({1}, mt) end");
        assertThat(h.engine().finalizers().markedCount()).isEqualTo(1000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (h.engine().globals().get("n").toint() < 1000 && System.nanoTime() < deadline) {
            System.gc();
            System.runFinalization();
            h.engine().runUntilIdle();
        }
        assertThat(h.engine().globals().get("n").toint()).isEqualTo(1000);
        assertThat(h.engine().finalizers().markedCount()).isZero();
        assertThat(h.takeErrors()).isEmpty();
    }

    @Test
    void marking_again_keeps_one_mark_and_unmarking_drops_it() throws Exception {
        LuaSpecHarness h = new LuaSpecHarness();
        h.runChunk("mt = {__gc = function() end} other = {__gc = function() end}\n"
                + "a = setmetatable({}, mt) b = setmetatable({}, mt) c = setmetatable({}, mt)");
        assertThat(h.engine().finalizers().markedCount()).isEqualTo(3);
        h.runChunk("setmetatable(a, other) setmetatable(b, {})");
        assertThat(h.engine().finalizers().markedCount()).isEqualTo(3);
        h.runChunk("setmetatable(c, nil) debug.setmetatable(b, nil)");
        assertThat(h.engine().finalizers().markedCount()).isEqualTo(1);
        h.runChunk("setmetatable(c, mt)");
        assertThat(h.engine().finalizers().markedCount()).isEqualTo(2);
        assertThat(h.takeErrors()).isEmpty();
    }

    @Test
    void live_tables_are_finalized_newest_first_when_the_engine_ends_and_errors_are_reported() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        LuaEngine engine = new LuaEngine(
                new EngineConfig().stdout(false).stderr(new PrintStream(err, true, StandardCharsets.UTF_8)));
        engine.output().subscribe(chunk -> out.writeBytes(chunk.bytes()));
        engine.start();
        engine.execute(
                        "local mt = {__gc = function(o) print('gc', o.name) end}\n"
                                + "a = setmetatable({name = 'first'}, mt) b = setmetatable({name = 'second'}, mt)\n"
                                + "c = setmetatable({}, {__gc = function() error('boom') end})",
                        new ExecOptions("=t", null, 0, false))
                .get(10, TimeUnit.SECONDS);
        engine.setExitWhenIdle(true);
        assertThat(engine.termination().get(10, TimeUnit.SECONDS)).isZero();
        engine.close();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("gc\tsecond\ngc\tfirst\n");
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("jeplua: warning: error in __gc metamethod (t:3: boom)\n");
    }
}
