package dev.jeplua.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link HttpConnectionPool}'s keep-alive rules on a manual clock: an idle connection is closed
 * once it has been idle for the timeout (found by the sweep that runs every half timeout), the
 * most recently released connection is taken first, and one the server closed while idle is
 * skipped. The connections are Netty's embedded channels; the sweeps run on an embedded event
 * loop whose time is frozen and moved by the test, together with the pool's clock.
 */
class HttpConnectionPoolTest {
    private static final long TIMEOUT_MS = 30_000;
    private final EmbeddedChannel loopOwner = new EmbeddedChannel();
    private long nowNanos;
    private final HttpConnectionPool pool;

    HttpConnectionPoolTest() {
        loopOwner.freezeTime();
        pool = new HttpConnectionPool(loopOwner.eventLoop(), TIMEOUT_MS, () -> nowNanos);
    }

    /** Moves both clocks forward by {@code ms}, a millisecond at a time, running each sweep when it is due. */
    private void advance(long ms) {
        for (long i = 0; i < ms; i++) {
            nowNanos += TimeUnit.MILLISECONDS.toNanos(1);
            loopOwner.advanceTimeBy(1, TimeUnit.MILLISECONDS);
            loopOwner.runScheduledPendingTasks();
        }
    }

    @Test
    void an_idle_connection_is_closed_after_the_timeout_and_a_younger_one_stays_until_its_own() {
        EmbeddedChannel older = new EmbeddedChannel();
        EmbeddedChannel younger = new EmbeddedChannel();
        pool.release("example.org:80", older);
        advance(20_000);
        pool.release("example.org:80", younger);
        assertThat(pool.size()).isEqualTo(2);

        advance(9_999); // 29.999 s: the sweep at 15 s found nothing old enough
        assertThat(older.isOpen()).isTrue();
        advance(1); // 30 s: the second sweep closes the older one only
        assertThat(older.isOpen()).isFalse();
        assertThat(younger.isOpen()).isTrue();
        assertThat(pool.size()).isEqualTo(1);

        advance(15_000); // 45 s: younger idle 25 s
        assertThat(younger.isOpen()).isTrue();
        advance(15_000); // 60 s: idle 40 s
        assertThat(younger.isOpen()).isFalse();
        assertThat(pool.size()).isZero();
        assertThat(pool.acquire("example.org:80")).isNull();
    }

    @Test
    void the_most_recent_connection_is_taken_first_and_one_closed_while_idle_is_skipped() {
        EmbeddedChannel first = new EmbeddedChannel();
        EmbeddedChannel second = new EmbeddedChannel();
        EmbeddedChannel third = new EmbeddedChannel();
        pool.release("a:80", first);
        pool.release("a:80", second);
        pool.release("a:80", third);
        pool.release("b:80", new EmbeddedChannel());

        assertThat(pool.acquire("a:80")).isSameAs(third);
        second.close(); // the server closed it while it was idle
        assertThat(pool.acquire("a:80")).isSameAs(first);
        assertThat(pool.acquire("a:80")).isNull();
        assertThat(pool.size()).isEqualTo(1);
    }

    @Test
    void a_connection_taken_again_before_the_timeout_is_not_closed_by_a_sweep() {
        EmbeddedChannel ch = new EmbeddedChannel();
        pool.release("a:80", ch);
        advance(25_000);
        assertThat(pool.acquire("a:80")).isSameAs(ch);
        advance(30_000); // two sweeps while it is in use
        assertThat(ch.isOpen()).isTrue();
        pool.release("a:80", ch); // idle again from 55 s
        advance(29_000);
        assertThat(ch.isOpen()).isTrue();
        advance(15_000);
        assertThat(ch.isOpen()).isFalse();
    }
}
