package dev.jeplua.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The net library as a script uses it: real sockets on loopback, a real engine thread, and a
 * run that must end by itself once servers are stopped and nothing is pending.
 */
@Timeout(60)
class NetLibTest {

    /** A loopback port with nothing listening (bound, then released). */
    static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void http_server_answers_a_thousand_keep_alive_requests_and_the_run_ends_after_stop() {
        ScriptRun run = ScriptRun.resource("net_http.lua", 30_000);
        assertThat(run.output)
                .as(run.toString())
                .contains("sequential requests\t1000\tbad\t0")
                .contains("net.http POST ok")
                .contains("yielding handler ok")
                .contains("handler error gives 500")
                .contains("redirect followed")
                .contains("table data sent as json")
                .contains("pipelined in order\ttrue")
                .contains("after raising callback\t200")
                .contains("server stopped\tfalse");
        assertThat(run.errors)
                .as(run.toString())
                .contains("jeplua: error in http server callback:")
                .contains("boom!")
                .contains("jeplua: error in http callback:")
                .contains("callback fails on purpose");
        assertThat(run.status).isZero();
    }

    @Test
    void network_failures_reach_the_error_callback_as_clear_strings() {
        ScriptRun run = ScriptRun.resource("net_errors.lua", 20_000, String.valueOf(closedPort()));
        Matcher refused =
                Pattern.compile("refused: connection refused after (\\d+) ms").matcher(run.output);
        assertThat(refused.find()).as(run.toString()).isTrue();
        assertThat(Long.parseLong(refused.group(1))).isLessThan(1000);
        Matcher timeout = Pattern.compile("silent: timeout after (\\d+) ms").matcher(run.output);
        assertThat(timeout.find()).as(run.toString()).isTrue();
        // the 500 ms timeout fires no sooner; the upper bound leaves room for a loaded machine (643 ms seen)
        assertThat(Long.parseLong(timeout.group(1))).isBetween(400L, 3_000L);
        assertThat(run.output)
                .as(run.toString())
                .contains("dns:\tnil\tdns failure: cannot resolve nonexistent.invalid")
                .contains("tcp connect:\tconnection refused")
                .contains("tls:\tnil\ttrue")
                .contains("read unconnected:\tnot connected")
                .contains("bad url arg:\tbad argument #1 to 'net.http' (string expected, got table)")
                .contains("bad scheme:\tHTTPClient:request: invalid URL 'ftp://x/' (scheme must be http or https)")
                .contains("bad port:\tbad argument #2 to 'TCPSocket:connect' (number expected, got string)");
        assertThat(run.errors).as(run.toString()).isEmpty();
    }

    @Test
    void tcp_server_serves_a_hundred_concurrent_clients_each_echo_checked() {
        ScriptRun run = ScriptRun.resource("net_tcp.lua", 30_000);
        assertThat(run.output)
                .as(run.toString())
                .contains("tcp echo ok\t100\tof\t100\taccepted\t100")
                .contains("read after raising callback ok");
        assertThat(run.errors)
                .as(run.toString())
                .contains("jeplua: error in tcp callback:")
                .contains("tcp callback fails on purpose");
    }

    @Test
    void tcp_sockets_and_servers_answer_each_stage_of_their_life_the_same_way() {
        ScriptRun run = ScriptRun.resource("net_tcp_lifecycle.lua", 20_000, String.valueOf(closedPort()));
        assertThat(run.output).as(run.toString()).isEqualTo("""
                new: isConnected\tfalse
                new: send\tnot connected
                new: read\tnot connected
                refused: connecting isConnected\tfalse
                refused: connect while connecting\tfalse\tTCPSocket:connect: socket already connected
                refused: pending read\tnot connected
                refused: connect\tconnection refused\tfalse
                refused: reconnected\ttrue
                peer: connected\ttrue
                peer: connect when connected\tfalse\tTCPSocket:connect: socket already connected
                peer: line\thello

                peer: rest\tworld\tconnection closed
                peer: after end isConnected\tfalse
                peer: connect after end\tfalse\tTCPSocket:connect: socket already connected
                peer: read again\tconnection closed
                peer: read after close\tconnection closed
                peer: send after close\tnot connected
                closed while connecting: connect\tfalse\tTCPSocket:connect: socket already connected
                closed while connecting: read\tnot connected
                closed while connecting: later isConnected\tfalse
                closed while connecting: later connect\tfalse\tTCPSocket:connect: socket already connected
                closed while connecting: later read\tconnection closed
                closed new: connect allowed
                closed new: read\tnot connected
                closed new: later isConnected\tfalse
                closed new: later read\tconnection closed
                silent: read\ttimeout\ttrue
                silent: send\t4
                HTTPServer\tbefore start\tfalse\tnil
                HTTPServer\tstarted\ttrue\ttrue\ttrue
                HTTPServer\tstart twice\tfalse\tHTTPServer:start: server already running on port PORT
                HTTPServer\tbusy port\tfalse\tHTTPServer:start: cannot bind 127.0.0.1:PORT (address already in use)\tfalse\tnil
                HTTPServer\tbad port\tfalse\tbad argument #2 to 'HTTPServer:start' (number expected, got string)
                HTTPServer\tport out of range\tfalse\tHTTPServer:start: port out of range (70000)
                HTTPServer\tstopped\tfalse\ttrue
                HTTPServer\trestarted\ttrue\ttrue
                WebSocketServer\tbefore start\tfalse\tnil
                WebSocketServer\tstarted\ttrue\ttrue\ttrue
                WebSocketServer\tstart twice\tfalse\tWebSocketServer:start: server already running on port PORT
                WebSocketServer\tbusy port\tfalse\tWebSocketServer:start: cannot bind 127.0.0.1:PORT (address already in use)\tfalse\tnil
                WebSocketServer\tbad port\tfalse\tbad argument #2 to 'WebSocketServer:start' (number expected, got string)
                WebSocketServer\tport out of range\tfalse\tWebSocketServer:start: port out of range (70000)
                WebSocketServer\tstopped\tfalse\ttrue
                WebSocketServer\trestarted\ttrue\ttrue
                TCPServer\tbefore start\tfalse\tnil
                TCPServer\tstarted\ttrue\ttrue\ttrue
                TCPServer\tstart twice\tfalse\tTCPServer:start: server already running on port PORT
                TCPServer\tbusy port\tfalse\tTCPServer:start: cannot bind 127.0.0.1:PORT (address already in use)\tfalse\tnil
                TCPServer\tbad port\tfalse\tbad argument #2 to 'TCPServer:start' (number expected, got string)
                TCPServer\tport out of range\tfalse\tTCPServer:start: port out of range (70000)
                TCPServer\tstopped\tfalse\ttrue
                TCPServer\trestarted\ttrue\ttrue
                done
                """);
        assertThat(run.errors).as(run.toString()).isEmpty();
    }

    @Test
    void udp_socket_receives_a_thousand_datagrams_with_their_sender() {
        ScriptRun run = ScriptRun.resource("net_udp.lua", 30_000);
        assertThat(run.output)
                .as(run.toString())
                .contains("udp received\t1000\tmissing\t0\twrong sender\t0")
                .contains("reply\tpong\t127.0.0.1\ttrue")
                .contains("receive with timeout:\ttimeout");
        assertThat(run.errors).as(run.toString()).isEmpty();
    }

    @Test
    void websocket_client_and_server_echo_ten_thousand_messages_in_order() {
        ScriptRun run = ScriptRun.resource("net_websocket.lua", 40_000, "10000", String.valueOf(closedPort()));
        assertThat(run.output)
                .as(run.toString())
                .contains("client connected\ttrue")
                .contains("echoed\t10000\tout of order\t0")
                .contains("binary echo\ttrue")
                .doesNotContain("early connected")
                .contains("client disconnected\tfalse")
                .contains("server events:\tstarted\tconnected\t2\tdisconnected\t2")
                .contains("server running:\tfalse")
                .contains("ws refused:\tconnection refused");
        assertThat(run.errors).as(run.toString()).isEmpty();
    }

    @Test
    void a_script_with_an_unreferenced_server_ends_at_once() {
        ScriptRun run = ScriptRun.source("""
                local s = net.HTTPServer()
                s:start("127.0.0.1", 0, function() return "x" end)
                s:unref()
                local t = net.TCPServer()
                t:start("127.0.0.1", 0, function() end)
                t:unref()
                print("started")
                """, "=unref", 10_000);
        assertThat(run.output).isEqualTo("started\n");
        assertThat(run.elapsedMs).isLessThan(5_000);
    }

    @Test
    void net_http_outside_a_coroutine_and_a_busy_port_give_lua_errors() {
        ScriptRun run = ScriptRun.source("""
                local a = net.HTTPServer()
                local port = a:start("127.0.0.1", 0, function() return "x" end)
                local ok, err = pcall(function() net.HTTPServer():start("127.0.0.1", port, function() end) end)
                print(err)
                a:stop()
                """, "=busy", 10_000);
        assertThat(run.output)
                .as(run.toString())
                .containsPattern("HTTPServer:start: cannot bind 127.0.0.1:\\d+ \\(address already in use\\)");
    }
}
