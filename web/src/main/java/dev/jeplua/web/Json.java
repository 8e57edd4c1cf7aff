package dev.jeplua.web;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON in and out of the REST API (Jackson), and the one way handlers answer:
 * {@code application/json; charset=utf-8} with a status code. Non-finite numbers, which JSON
 * cannot carry, are written as Lua's {@code tostring} shows them ({@code "inf"}, {@code "-inf"},
 * {@code "nan"}). Any thread.
 */
final class Json {
    private static final Logger log = LoggerFactory.getLogger(Json.class);
    static final String CONTENT_TYPE = "application/json; charset=utf-8";
    static final HttpString REQUEST_ID = new HttpString("X-Request-Id");

    /** The shared mapper (thread-safe once configured). */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new SimpleModule("lua-numbers").addSerializer(Double.class, new LuaDoubleSerializer()));

    private Json() {}

    /** Ends the exchange with {@code body} serialized as JSON. Call on the exchange's I/O thread or inside its handler. */
    static void send(HttpServerExchange exchange, int status, Object body) {
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            log.error("cannot serialize response", e);
            status = 500;
            bytes = "{\"error\":\"internal error: response could not be serialized\"}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, CONTENT_TYPE);
        exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
    }

    /** Ends the exchange with {@code {"error": message}}. */
    static void error(HttpServerExchange exchange, int status, String message) {
        send(exchange, status, Map.of("error", message));
    }

    /** Writes finite doubles as numbers and the others as Lua's tostring shows them. */
    private static final class LuaDoubleSerializer extends JsonSerializer<Double> {
        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            double d = value;
            if (Double.isFinite(d)) {
                gen.writeNumber(d);
            } else if (Double.isNaN(d)) {
                gen.writeString("nan");
            } else {
                gen.writeString(d > 0 ? "inf" : "-inf");
            }
        }
    }
}
