package dev.jeplua.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.api.EngineConfig;
import dev.jeplua.engine.testing.EngineProbe;
import io.netty.channel.SelectStrategy;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The {@code net} event loop's waiting rule ({@link PollingSelectStrategy}) on a manual clock, and
 * where the loop runs: a virtual thread, so it shares the engine's carrier.
 */
class PollingSelectStrategyTest {
    final AtomicLong now = new AtomicLong(1_000_000);
    final PollingSelectStrategy strategy = new PollingSelectStrategy(now::get, 100);

    @Test
    void with_nothing_ever_ready_it_blocks_at_once() throws Exception {
        assertThat(strategy.calculateStrategy(() -> 0, false)).isEqualTo(SelectStrategy.SELECT);
    }

    @Test
    void ready_keys_or_queued_tasks_are_processed_and_start_the_polling_window() throws Exception {
        assertThat(strategy.calculateStrategy(() -> 3, false)).isEqualTo(3);
        assertThat(strategy.calculateStrategy(() -> 0, true)).isZero();
        now.addAndGet(99);
        assertThat(strategy.calculateStrategy(() -> 0, false)).isEqualTo(SelectStrategy.CONTINUE);
        now.addAndGet(1);
        assertThat(strategy.calculateStrategy(() -> 0, false)).isEqualTo(SelectStrategy.SELECT);
    }

    @Test
    void activity_inside_the_window_extends_it() throws Exception {
        strategy.calculateStrategy(() -> 1, false);
        now.addAndGet(80);
        assertThat(strategy.calculateStrategy(() -> 1, false)).isEqualTo(1);
        now.addAndGet(80);
        assertThat(strategy.calculateStrategy(() -> 0, false)).isEqualTo(SelectStrategy.CONTINUE);
        now.addAndGet(20);
        assertThat(strategy.calculateStrategy(() -> 0, false)).isEqualTo(SelectStrategy.SELECT);
    }

    @Test
    void a_stopped_server_frees_its_port_before_stop_returns() throws Exception {
        try (LuaEngine engine = LuaEngine.builder(new EngineConfig().stdout(false))
                .library(new NetLib())
                .build()) {
            engine.start();
            // the socket closes on the event loop, which runs only when the engine waits: stop()
            // must wait for it, or the second start finds the port still in use
            Object ok = EngineProbe.run(engine, """
                    local fn = function() return 'ok' end
                    local port = 0
                    for _ = 1, 20 do
                      local s = net.TCPServer()
                      port = s:start('127.0.0.1', port, function(c) end)
                      s:stop()
                      local h = net.HTTPServer()
                      assert(h:start('127.0.0.1', port, fn) == port)
                      h:stop()
                    end
                    return true""");
            assertThat(ok).isEqualTo(true);
        }
    }

    @Test
    void the_event_loop_is_one_virtual_thread() throws Exception {
        try (LuaEngine engine = LuaEngine.builder(new EngineConfig().stdout(false))
                .library(new NetLib())
                .build()) {
            NetRuntime rt = new NetRuntime(engine);
            Thread loop = rt.group().submit(Thread::currentThread).get(10, TimeUnit.SECONDS);
            assertThat(loop.isVirtual()).isTrue();
            assertThat(loop.getName()).isEqualTo("jeplua-net-1");
            assertThat(rt.group().next()).isSameAs(rt.group().next());
        }
    }
}
