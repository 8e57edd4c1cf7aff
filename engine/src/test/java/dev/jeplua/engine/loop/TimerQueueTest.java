package dev.jeplua.engine.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.session.ExecutionContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaValue;

/**
 * Zero-delay timeouts (kept in their own FIFO, not in the id map) behave as every other timer:
 * found by id, cancelled by id, counted, listed, and run in (due, creation) order with the rest.
 */
class TimerQueueTest {
    private final ManualTicker clock = new ManualTicker();
    private final TimerQueue q = new TimerQueue(clock, (kind, error, traceback) -> {});

    private int timeout(double ms) {
        return q.add(LuaValue.NIL, LuaValue.NONE, ms, 0, false, ExecutionContext.NONE);
    }

    private List<Integer> runDue() {
        List<Integer> ran = new ArrayList<>();
        for (Timer t = q.pollDue(clock.nanoTime()); t != null; t = q.pollDue(clock.nanoTime())) {
            ran.add(t.id());
        }
        return ran;
    }

    @Test
    void zero_delay_timeouts_are_found_cancelled_and_counted_by_id() {
        int a = timeout(0);
        int b = timeout(0);
        int c = timeout(0);
        int later = timeout(5);
        assertThat(q.get(b)).isNotNull();
        assertThat(q.timeoutCount()).isEqualTo(4);
        assertThat(q.aliveCount()).isEqualTo(4);

        q.cancel(b);
        q.cancel(b); // twice: counted once
        assertThat(q.get(b)).isNull();
        assertThat(q.timeoutCount()).isEqualTo(3);
        assertThat(q.aliveCount()).isEqualTo(3);
        assertThat(q.snapshot()).extracting(Timer::id).containsExactly(a, c, later);

        assertThat(runDue()).containsExactly(a, c);
        assertThat(q.get(a)).isNull();
        q.cancel(a); // already run: ignored
        assertThat(q.timeoutCount()).isEqualTo(1);
        assertThat(q.aliveCount()).isEqualTo(1);
    }

    @Test
    void zero_delay_timeouts_interleave_with_the_heap_by_due_time_then_creation() {
        int first = timeout(1);
        clock.advanceMillis(1);
        int zero = timeout(0); // due now, like first, but created after it
        clock.advanceMillis(1);
        assertThat(runDue()).containsExactly(first, zero);
    }

    @Test
    void a_million_zero_delay_timeouts_can_be_cancelled_and_cleared() {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 1_000_000; i++) {
            ids.add(timeout(0));
        }
        for (int i = 0; i < ids.size(); i += 2) {
            q.cancel(ids.get(i));
        }
        assertThat(q.timeoutCount()).isEqualTo(500_000);
        assertThat(q.cancelAll()).isEqualTo(500_000);
        assertThat(q.aliveCount()).isZero();
        assertThat(runDue()).isEmpty();
        assertThat(q.nextDueNanos()).isEqualTo(Long.MAX_VALUE);
    }
}
