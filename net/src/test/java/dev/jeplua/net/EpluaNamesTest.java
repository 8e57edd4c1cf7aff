package dev.jeplua.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * EPLua's net names that JEPLua's own API does not use ({@code net.WebSocketEchoServer},
 * {@code MQTTConnectReturnCode}, {@code _PY.call_http}) on loopback with a real engine. The
 * legacy MQTT client needs a broker and is in {@link MqttTest}.
 */
@Timeout(60)
class EpluaNamesTest {
    @Test
    void echo_server_call_http_and_return_codes_behave_as_in_eplua() {
        ScriptRun run = ScriptRun.resource("net_eplua.lua", 30_000, String.valueOf(NetLibTest.closedPort()));
        assertThat(run.output)
                .as(run.toString())
                .contains("return codes\t0\t5\ttrue\tfunction")
                .containsPattern("\\[EchWS\\] 1 listening on port \\d+")
                .contains("[EchWS] 1 client 1 connected")
                .contains("[EchWS] 1 client 1 sent: hello")
                .contains("echoed\tEcho: hello")
                .contains("json\tnil\t200\tOK\ttrue\tPOST\tpayload\tyes\tapplication/json; charset=utf-8\ttrue")
                .contains("missing\tnil\t404\tNot Found\tfalse\tnothing here\tnil")
                .contains("refused\tconnection refused\tnil")
                .contains("bad url\tcall_http: invalid URL 'ftp://x/' (scheme must be http or https)\tnil")
                .containsPattern("bad callback\tfalse\tbad argument #3 to '(_PY|jeplua)\\.call_http'"
                        + " \\(callback id or function expected, got string\\)")
                .contains("all done");
        assertThat(run.errors).as(run.toString()).isEmpty();
        assertThat(run.status).isZero();
    }

    @Test
    void call_http_reports_a_missing_dispatcher_for_a_callback_id() {
        ScriptRun run = ScriptRun.source(
                "_PY.timerExpired = nil\n"
                        + "local s = net.HTTPServer()\n"
                        + "local port = s:start('127.0.0.1', 0, function() return 'x' end)\n"
                        + "_PY.call_http('http://127.0.0.1:' .. port .. '/', {}, 7)\n"
                        + "setTimeout(function() s:stop() end, 300)\n",
                "=ids",
                20_000);
        assertThat(run.errors)
                .as(run.toString())
                .contains("jeplua: error in http callback: call_http: cannot deliver the response to callback id 7:"
                        + " _PY.timerExpired is not defined");
    }
}
