package dev.jeplua.net;

import static dev.jeplua.net.TcpBackend.State.CLOSED;
import static dev.jeplua.net.TcpBackend.State.CLOSED_BEFORE_CONNECT;
import static dev.jeplua.net.TcpBackend.State.CLOSED_WHILE_CONNECTING;
import static dev.jeplua.net.TcpBackend.State.CONNECTED;
import static dev.jeplua.net.TcpBackend.State.CONNECTING;
import static dev.jeplua.net.TcpBackend.State.NEW;
import static dev.jeplua.net.TcpBackend.State.PEER_CLOSED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jeplua.net.TcpBackend.State;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The transition table of a TCP connection's {@link State}, state by state. */
class TcpStateTest {

    @Test
    void connect_is_allowed_only_without_a_channel_and_a_pending_connect() {
        assertThat(EnumSet.allOf(State.class).stream().filter(State::unconnected))
                .containsExactlyInAnyOrder(NEW, CLOSED_BEFORE_CONNECT);
        assertThat(NEW.onConnect()).isEqualTo(CONNECTING);
        assertThat(CLOSED_BEFORE_CONNECT.onConnect()).isEqualTo(CLOSED_WHILE_CONNECTING);
        for (State s : EnumSet.complementOf(EnumSet.of(NEW, CLOSED_BEFORE_CONNECT))) {
            assertThatThrownBy(s::onConnect).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void a_connect_outcome_keeps_a_close_the_script_made_meanwhile() {
        assertThat(CONNECTING.onConnected()).isEqualTo(CONNECTED);
        assertThat(CONNECTING.onConnectFailed()).isEqualTo(NEW);
        assertThat(CLOSED_WHILE_CONNECTING.onConnected()).isEqualTo(CLOSED);
        assertThat(CLOSED_WHILE_CONNECTING.onConnectFailed()).isEqualTo(CLOSED_BEFORE_CONNECT);
        for (State s : EnumSet.complementOf(EnumSet.of(CONNECTING, CLOSED_WHILE_CONNECTING))) {
            assertThatThrownBy(s::onConnected).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(s::onConnectFailed).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void only_connecting_and_connected_sockets_let_reads_wait() {
        assertThat(EnumSet.allOf(State.class).stream().filter(State::readsWait))
                .containsExactlyInAnyOrder(CONNECTING, CONNECTED);
    }

    @Test
    void the_end_of_the_channel_and_the_scripts_close() {
        assertThat(CONNECTED.onEnd()).isEqualTo(PEER_CLOSED);
        assertThat(PEER_CLOSED.onEnd()).isEqualTo(PEER_CLOSED);
        assertThat(CLOSED.onEnd()).isEqualTo(CLOSED);
        // a channel the socket never got cannot end it
        assertThat(NEW.onEnd()).isEqualTo(NEW);
        assertThat(CLOSED_BEFORE_CONNECT.onEnd()).isEqualTo(CLOSED_BEFORE_CONNECT);
        // the end of a channel whose connect outcome the engine dropped (queue full)
        assertThat(CONNECTING.onEnd()).isEqualTo(PEER_CLOSED);
        assertThat(CLOSED_WHILE_CONNECTING.onEnd()).isEqualTo(CLOSED);
        assertThat(NEW.onClose()).isEqualTo(CLOSED_BEFORE_CONNECT);
        assertThat(CONNECTING.onClose()).isEqualTo(CLOSED_WHILE_CONNECTING);
        assertThat(CONNECTED.onClose()).isEqualTo(CLOSED);
        assertThat(PEER_CLOSED.onClose()).isEqualTo(CLOSED);
        for (State closed : EnumSet.of(CLOSED_BEFORE_CONNECT, CLOSED_WHILE_CONNECTING, CLOSED)) {
            assertThat(closed.onClose()).isEqualTo(closed);
        }
    }
}
