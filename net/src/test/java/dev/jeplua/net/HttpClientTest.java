package dev.jeplua.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code http://} client ({@link LoopHttpClient}) against hand-written HTTP servers on
 * loopback (raw {@code net.TCPServer}s on port 0) and the library's own HTTP server: connection
 * reuse and retry, every body delimitation, failures and redirects, as a script sees them.
 */
@Timeout(60)
class HttpClientTest {

    @Test
    void plain_http_client_reuses_retries_reads_every_body_form_and_follows_redirects() {
        ScriptRun run = ScriptRun.resource("net_http_client.lua", 40_000);
        assertThat(run.output)
                .as(run.toString())
                .contains("keep-alive:\tr1,r2,r3,r4,r5\tconnections\t1")
                .contains("stale GET:\tfirst\tfirst\tnil\tconnections\t2")
                .contains("stale POST:\tnil\tconnection closed\tconnections\t2")
                .contains("fresh closed:\tnil\tconnection closed\tconnections\t1")
                .contains("connection close:\tbye1\tbye1\tconnections\t2")
                .contains("chunked:\t200\thello, world\tchunked")
                .contains("close-delimited:\t200\tuntil the end\thello, world\tconnections\t2")
                .contains("large:\t5242880\ttrue\t5242880\ttrue")
                .contains("malformed:\tnil\tinvalid response: ")
                .contains("head:\t200\t0\t1234\tafter head\tconnections\t1")
                .contains("request line:\tPUT /p?q=1&r=%20 HTTP/1.1")
                .contains("request headers:\ttrue\ttrue\ttrue\ttrue\ttrue")
                .contains("303:\tGET /target \ttrue")
                .contains("307:\tPOST /target payload")
                .contains("redirect limit:\t302\t5\ttrue")
                .contains("no location:\t301\tmoved")
                .contains("named host:\tGET /named ")
                .contains("callback client:\t200\tDELETE /cb ");
        assertThat(run.errors).as(run.toString()).isEmpty();
        assertThat(run.status).isZero();
    }
}
