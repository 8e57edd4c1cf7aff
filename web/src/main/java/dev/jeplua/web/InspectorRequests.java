package dev.jeplua.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.inspect.Inspector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The live inspector's requests on the {@code /ws} stream (README.md#live-inspector). A page
 * sends {@code {"type":"inspect"}} and gets
 * {@code {"type":"inspect","sections":{"timers":{"closable":true,"rows":[...]}, ...}}}; it sends
 * {@code {"type":"inspect_close","section":"timers","id":"3"}} to cancel or close one row and
 * gets {@code {"type":"inspect_closed","section":..,"id":..,"closed":true|false}} followed by a
 * fresh {@code inspect} message. Anything else is ignored (the stream stays one-way for output).
 * The engine is asked on its thread ({@code LuaEngine.ask}); the answer goes to the asking client
 * only. Adds the {@code sessions} section (the open telnet, REPL, REST and web sessions). Any thread.
 */
final class InspectorRequests {
    private final LuaEngine engine;
    private final Inspector inspector;

    InspectorRequests(LuaEngine engine) {
        this.engine = engine;
        this.inspector = Inspector.of(engine);
        inspector.register("sessions", () -> {
            java.util.List<Map<String, Object>> rows = new java.util.ArrayList<>();
            for (dev.jeplua.engine.session.Session s : engine.openSessions()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", s.id());
                row.put("kind", s.kind());
                row.put("remote", s.remote());
                rows.add(row);
            }
            return rows;
        });
    }

    /**
     * Handles one text message of a client.
     *
     * @param text  the message as received
     * @param reply sends a JSON text to that client (any thread)
     */
    void handle(String text, Consumer<String> reply) {
        JsonNode message;
        try {
            message = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return;
        }
        if (message == null || !message.isObject()) {
            return;
        }
        String type = message.path("type").asText("");
        if ("inspect".equals(type)) {
            sendSnapshot(reply);
        } else if ("inspect_close".equals(type)) {
            String section = message.path("section").asText("");
            String id = message.path("id").asText("");
            engine.ask("inspector close", () -> inspector.close(section, id)).whenComplete((closed, failure) -> {
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("type", "inspect_closed");
                answer.put("section", section);
                answer.put("id", id);
                answer.put("closed", Boolean.TRUE.equals(closed));
                reply.accept(json(answer));
                sendSnapshot(reply);
            });
        }
    }

    private void sendSnapshot(Consumer<String> reply) {
        CompletableFuture<Map<String, Object>> snapshot = engine.ask("inspector", inspector::snapshot);
        snapshot.whenComplete((sections, failure) -> {
            if (sections == null) {
                return; // engine stopping: nothing to show
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("type", "inspect");
            answer.put("sections", sections);
            reply.accept(json(answer));
        });
    }

    private static String json(Map<String, Object> message) {
        try {
            return Json.MAPPER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode inspector message", e);
        }
    }
}
