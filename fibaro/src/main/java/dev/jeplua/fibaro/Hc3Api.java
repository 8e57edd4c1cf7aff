package dev.jeplua.fibaro;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HC3 REST API on the offline {@link Hc3Model}, without a transport: {@code (method, path,
 * body) → (status, JSON)}. Both {@code api.get/post/put/delete} inside a QuickApp and the REST
 * server's {@code /api/...} route go through {@link #handle}; paths are given without the
 * {@code /api} prefix, with an optional query string. Routes, JSON shapes and status codes are
 * listed in docs/fibaro.md#rest-api (after HC3's swagger and manuals, shared/reference/
 * fibaro-quickapp.md 4.2). A path no route serves gives {@link Response#notHandled()} (the
 * caller then tries {@code _PY.fibaro_api_hook}, else answers 501).
 *
 * <p>This class is the router: the routes live in {@link DeviceRoutes}, {@link PluginRoutes},
 * {@link VariableRoutes} and {@link HomeRoutes} (one per part of the API), the request helpers
 * in {@link ApiRequest}.
 *
 * <p>Threads: the model's thread (the engine thread in a real process).
 */
public final class Hc3Api {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Hc3Model model;
    private final DeviceRoutes devices;
    private final PluginRoutes plugins;
    private final VariableRoutes variables;
    private final HomeRoutes home;

    /**
     * @param model the offline HC3
     * @param host  the QuickApps of this process (actions, UI events, restarts)
     */
    public Hc3Api(Hc3Model model, QuickAppHost host) {
        this.model = model;
        this.devices = new DeviceRoutes(model, host);
        this.plugins = new PluginRoutes(model, host);
        this.variables = new VariableRoutes(model);
        this.home = new HomeRoutes(model);
    }

    /**
     * One answer: HTTP status and JSON body (null for none).
     *
     * @param status  the HTTP status
     * @param body    the JSON body, or null
     * @param handled false when no route served the path (status is then 501)
     */
    public record Response(int status, JsonNode body, boolean handled) {
        static Response ok(JsonNode body) {
            return new Response(200, body, true);
        }

        static Response of(int status, JsonNode body) {
            return new Response(status, body, true);
        }

        /** {@code {"type":"ERROR","reason":...,"message":...}}, HC3's error shape. */
        static Response error(int status, String message) {
            ObjectNode e = NODES.objectNode();
            e.put("type", "ERROR").put("reason", reason(status)).put("message", message);
            return new Response(status, e, true);
        }

        /** No route serves this path: 501 with a JSON error. */
        public static Response notHandled(String method, String path) {
            ObjectNode e = NODES.objectNode();
            e.put("type", "ERROR").put("reason", "NOT_IMPLEMENTED");
            e.put("message", method + " /api" + path + " is not emulated by JEPLua");
            return new Response(501, e, false);
        }

        /** The body as JSON text ({@code "null"} for none). */
        public String bodyText() {
            return body == null ? "null" : JsonText.write(body);
        }

        private static String reason(int status) {
            return switch (status) {
                case 400 -> "BAD_REQUEST";
                case 404 -> "NOT_FOUND";
                case 409 -> "CONFLICT";
                default -> "ERROR";
            };
        }
    }

    /**
     * Serves one request.
     *
     * @param method HTTP method, any case
     * @param target path without {@code /api}, e.g. {@code /devices?parentId=5555}
     * @param body   the request body as JSON text, or null/blank for none
     * @return the answer; a body that is not JSON gives 400
     */
    public Response handle(String method, String target, String body) {
        String m = method.toUpperCase(Locale.ROOT);
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        Map<String, List<String>> query = ApiRequest.parseQuery(q < 0 ? "" : target.substring(q + 1));
        JsonNode data;
        try {
            data = body == null || body.isBlank() ? NODES.nullNode() : JsonText.parse(body);
        } catch (JsonProcessingException e) {
            return Response.error(400, "request body is not JSON: " + e.getOriginalMessage());
        }
        List<String> seg = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                seg.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
            }
        }
        if (seg.isEmpty()) {
            return Response.notHandled(m, path);
        }
        Response r =
                switch (seg.get(0)) {
                    case "devices" -> devices.devices(m, seg, query, data);
                    case "callAction" -> m.equals("GET") ? devices.callAction(query) : null;
                    case "plugins" -> plugins.plugins(m, seg, query, data);
                    case "quickApp" -> variables.quickAppVariables(m, seg, data);
                    case "globalVariables" -> variables.globals(m, seg, data);
                    case "rooms" -> home.rooms(m, seg, data, model.rooms(), "room");
                    case "sections" -> home.rooms(m, seg, data, model.sections(), "section");
                    case "customEvents" -> home.customEvents(m, seg, data);
                    case "refreshStates" ->
                        m.equals("GET") && seg.size() == 1
                                ? Response.ok(model.refreshStates(ApiRequest.longParam(query, "last", 0)))
                                : null;
                    case "debugMessages" -> home.debugMessages(m, seg, data);
                    case "settings" -> home.settings(m, seg);
                    case "home" -> m.equals("GET") && seg.size() == 1 ? Response.ok(home.home()) : null;
                    default -> null;
                };
        return r != null ? r : Response.notHandled(m, path);
    }
}
