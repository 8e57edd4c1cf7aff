package dev.jeplua.telnet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which lines count as part of an HTTP request, and which Lua lines must not. */
class CrossProtocolGuardTest {
    @Test
    void request_lines_and_host_or_origin_headers_are_http() {
        assertThat(CrossProtocolGuard.isHttp("POST / HTTP/1.1")).isTrue();
        assertThat(CrossProtocolGuard.isHttp("GET /?q=print(1) HTTP/1.0")).isTrue();
        assertThat(CrossProtocolGuard.isHttp("OPTIONS * HTTP/1.1")).isTrue();
        assertThat(CrossProtocolGuard.isHttp("CONNECT 127.0.0.1:8023 HTTP/1.1")).isTrue();
        assertThat(CrossProtocolGuard.isHttp("Host: 127.0.0.1:8023")).isTrue();
        assertThat(CrossProtocolGuard.isHttp("host:localhost")).isTrue();
        assertThat(CrossProtocolGuard.isHttp("HOST: [::1]:8023")).isTrue();
        assertThat(CrossProtocolGuard.isHttp("Origin: http://evil.example")).isTrue();
        assertThat(CrossProtocolGuard.isHttp("Origin: null")).isTrue();
        assertThat(CrossProtocolGuard.startsHttpRequest("POST /aaaaaaaaaaaaaaaaaaaaaaaa"))
                .isTrue();
        assertThat(CrossProtocolGuard.startsHttpRequest("GET http://127.0.0.1:8023/aaaa"))
                .isTrue();
    }

    @Test
    void lua_lines_are_not_http() {
        assertThat(CrossProtocolGuard.isHttp("print('GET / HTTP/1.1')")).isFalse();
        assertThat(CrossProtocolGuard.isHttp("host:close()")).isFalse();
        assertThat(CrossProtocolGuard.isHttp("Host:send 'x'")).isFalse();
        assertThat(CrossProtocolGuard.isHttp("origin:set{x = 1}")).isFalse();
        assertThat(CrossProtocolGuard.isHttp("host : f [[x]]")).isFalse();
        assertThat(CrossProtocolGuard.isHttp("hostname = 'a'")).isFalse();
        assertThat(CrossProtocolGuard.isHttp("get / 2")).isFalse();
        assertThat(CrossProtocolGuard.startsHttpRequest("GET \"http://example.com\""))
                .isFalse();
        assertThat(CrossProtocolGuard.startsHttpRequest("x = '")).isFalse();
    }
}
