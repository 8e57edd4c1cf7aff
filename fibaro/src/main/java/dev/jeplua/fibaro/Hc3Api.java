package dev.jeplua.fibaro;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * <p>Threads: the model's thread (the engine thread in a real process).
 */
public final class Hc3Api {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Hc3Model model;
    private final QuickAppHost host;

    /**
     * @param model the offline HC3
     * @param host  the QuickApps of this process (actions, UI events, restarts)
     */
    public Hc3Api(Hc3Model model, QuickAppHost host) {
        this.model = model;
        this.host = host;
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
            return body == null ? "null" : body.toString();
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
        Map<String, List<String>> query = parseQuery(q < 0 ? "" : target.substring(q + 1));
        JsonNode data;
        try {
            data = body == null || body.isBlank() ? NODES.nullNode() : Hc3Model.MAPPER.readTree(body);
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
                    case "devices" -> devices(m, seg, query, data);
                    case "callAction" -> m.equals("GET") ? callAction(query) : null;
                    case "plugins" -> plugins(m, seg, query, data);
                    case "quickApp" -> quickAppVariables(m, seg, data);
                    case "globalVariables" -> globals(m, seg, data);
                    case "rooms" -> rooms(m, seg, data, model.rooms(), "room");
                    case "sections" -> rooms(m, seg, data, model.sections(), "section");
                    case "customEvents" -> customEvents(m, seg, data);
                    case "refreshStates" ->
                        m.equals("GET") && seg.size() == 1
                                ? Response.ok(model.refreshStates(longParam(query, "last", 0)))
                                : null;
                    case "debugMessages" -> debugMessages(m, seg, data);
                    case "settings" -> settings(m, seg);
                    case "home" -> m.equals("GET") && seg.size() == 1 ? Response.ok(home()) : null;
                    default -> null;
                };
        return r != null ? r : Response.notHandled(m, path);
    }

    // ------------------------------------------------------------------ devices

    private Response devices(String m, List<String> seg, Map<String, List<String>> query, JsonNode data) {
        if (seg.size() == 1) {
            return m.equals("GET") ? Response.ok(filterDevices(query)) : null;
        }
        if (seg.size() == 3 && seg.get(1).equals("groupAction")) {
            return m.equals("POST") ? groupAction(seg.get(2), data) : null;
        }
        Integer id = intOrNull(seg.get(1));
        if (id == null) {
            return null;
        }
        ObjectNode d = model.device(id);
        if (seg.size() == 2) {
            if (d == null && !m.equals("POST")) {
                return Response.error(404, "device " + id + " not found");
            }
            return switch (m) {
                case "GET" -> Response.ok(d.deepCopy());
                case "PUT" -> modifyDevice(d, data);
                case "DELETE" -> {
                    model.removeDevice(id);
                    yield Response.of(200, null);
                }
                default -> null;
            };
        }
        if (d == null) {
            return Response.error(404, "device " + id + " not found");
        }
        if (seg.size() == 4 && seg.get(2).equals("properties") && m.equals("GET")) {
            JsonNode v = d.path("properties").get(seg.get(3));
            if (v == null) {
                return Response.error(404, "device " + id + " has no property " + seg.get(3));
            }
            ObjectNode r = NODES.objectNode();
            r.set("value", v.deepCopy());
            r.put("modified", d.path("modified").asLong());
            return Response.ok(r);
        }
        if (seg.size() == 4 && seg.get(2).equals("action") && m.equals("POST")) {
            JsonNode args = data.path("args");
            ArrayNode list = args.isArray() ? (ArrayNode) args.deepCopy() : NODES.arrayNode();
            return action(id, seg.get(3), list);
        }
        return null;
    }

    /** HC3 answers an accepted action with 202 and timestamps; the QuickApp runs it later. */
    private Response action(int id, String name, ArrayNode args) {
        ObjectNode d = model.device(id);
        if (d == null) {
            return Response.error(404, "device " + id + " not found");
        }
        if (!host.action(id, name, args)) {
            plainDeviceAction(id, name, args);
        }
        long now = model.nowMillis();
        ObjectNode r = NODES.objectNode();
        r.put("endTimestampMillis", now).put("message", "Accepted").put("startTimestampMillis", now);
        return Response.of(202, r);
    }

    /**
     * {@code POST /devices/groupAction/{name}} {@code {args:[…], filters:[{filter, value:[…]}]}}:
     * the action on every device that passes all filters (a filter passes when the device's
     * field named {@code filter} — {@code interface}: one of its interfaces — is one of the
     * values); 202 {@code {devices:[ids]}}, as HC3's {@code fibaro.callGroupAction} expects.
     * No filters match nothing (HC3 does not act on the whole home unasked).
     */
    private Response groupAction(String name, JsonNode data) {
        JsonNode filters = data.path("filters");
        if (!filters.isArray() || filters.isEmpty()) {
            return Response.error(400, "groupAction needs filters");
        }
        JsonNode args = data.path("args");
        ArrayNode list = args.isArray() ? (ArrayNode) args : NODES.arrayNode();
        ArrayNode ids = NODES.arrayNode();
        for (ObjectNode d : model.devices()) {
            boolean all = true;
            for (JsonNode f : filters) {
                String field = f.path("filter").asText();
                JsonNode values = f.path("value").isArray()
                        ? f.get("value")
                        : NODES.arrayNode().add(f.path("value"));
                boolean any = false;
                for (JsonNode v : values) {
                    any |= field.equals("interface")
                            ? contains(d.path("interfaces"), v.asText())
                            : d.path(field.equals("deviceID") ? "id" : field)
                                    .asText()
                                    .equals(v.asText());
                }
                all &= any;
            }
            if (all) {
                ids.add(d.get("id").asInt());
            }
        }
        for (JsonNode id : ids) {
            action(id.asInt(), name, list.deepCopy());
        }
        return Response.of(202, NODES.objectNode().set("devices", ids));
    }

    /** A device no QuickApp runs (from a resources file): the common actions set {@code value}. */
    private void plainDeviceAction(int id, String name, ArrayNode args) {
        switch (name) {
            case "turnOn" -> model.updateProperty(id, "value", NODES.booleanNode(true));
            case "turnOff" -> model.updateProperty(id, "value", NODES.booleanNode(false));
            case "setValue" -> {
                if (!args.isEmpty()) {
                    model.updateProperty(id, "value", args.get(0));
                }
            }
            default -> {
                // HC3 accepts unknown actions of a device too (202) and nothing happens
            }
        }
    }

    /** {@code GET /callAction?deviceID=&name=&arg1=&arg2=...} (HC2-style). */
    private Response callAction(Map<String, List<String>> query) {
        Integer id = intOrNull(first(query, "deviceID"));
        String name = first(query, "name");
        if (id == null || name == null) {
            return Response.error(400, "callAction needs deviceID and name");
        }
        ArrayNode args = NODES.arrayNode();
        for (int i = 1; query.containsKey("arg" + i); i++) {
            args.add(scalar(first(query, "arg" + i)));
        }
        return action(id, name, args);
    }

    private Response modifyDevice(ObjectNode d, JsonNode data) {
        if (!data.isObject()) {
            return Response.error(400, "device update must be a JSON object");
        }
        int id = d.get("id").asInt();
        data.fields().forEachRemaining(e -> {
            String k = e.getKey();
            if (k.equals("properties") && e.getValue().isObject()) {
                e.getValue().fields().forEachRemaining(p -> model.updateProperty(id, p.getKey(), p.getValue()));
            } else if (!k.equals("id")) {
                d.set(k, e.getValue().deepCopy());
            }
        });
        model.touch(d);
        model.emit("DeviceModifiedEvent", NODES.objectNode().put("id", id));
        return Response.ok(d.deepCopy());
    }

    /** Filters {@code parentId, name, type, roomID, enabled, visible, interface, property=[p,v]}; other keys match nothing. */
    private ArrayNode filterDevices(Map<String, List<String>> query) {
        ArrayNode out = NODES.arrayNode();
        for (ObjectNode d : model.devices()) {
            if (matches(d, query)) {
                out.add(d.deepCopy());
            }
        }
        return out;
    }

    private static boolean matches(ObjectNode d, Map<String, List<String>> query) {
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            for (String v : e.getValue()) {
                boolean ok =
                        switch (e.getKey()) {
                            case "parentId", "name", "type", "roomID", "enabled", "visible", "id" ->
                                d.path(e.getKey()).asText().equals(v);
                            case "interface" -> contains(d.path("interfaces"), v);
                            case "property" -> propertyMatches(d.path("properties"), v);
                            case "viewVersion", "lang" -> true;
                            default -> false;
                        };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean contains(JsonNode array, String v) {
        for (JsonNode n : array) {
            if (n.asText().equals(v)) {
                return true;
            }
        }
        return false;
    }

    /** {@code property=[name,value]} or {@code property=name} (has the property). */
    private static boolean propertyMatches(JsonNode props, String v) {
        String s = v.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        int comma = s.indexOf(',');
        String name = (comma < 0 ? s : s.substring(0, comma)).strip();
        JsonNode p = props.get(name);
        if (comma < 0) {
            return p != null;
        }
        String want = s.substring(comma + 1).strip();
        if (want.length() >= 2 && want.startsWith("\"") && want.endsWith("\"")) {
            want = want.substring(1, want.length() - 1);
        }
        return p != null && p.asText().equals(want);
    }

    // ------------------------------------------------------------------ plugins

    private Response plugins(String m, List<String> seg, Map<String, List<String>> query, JsonNode data) {
        if (seg.size() >= 3 && seg.get(2).equals("variables")) {
            Integer id = intOrNull(seg.get(1));
            return id == null ? null : internalStorage(m, id, seg, data);
        }
        String op = seg.size() >= 2 ? seg.get(1) : "";
        switch (op) {
            case "updateProperty" -> {
                if (!m.equals("POST")) {
                    return null;
                }
                int id = data.path("deviceId").asInt(-1);
                String name = data.path("propertyName").asText("");
                if (name.isEmpty()) {
                    return Response.error(400, "updateProperty needs deviceId and propertyName");
                }
                if (!model.updateProperty(id, name, data.has("value") ? data.get("value") : NODES.nullNode())) {
                    return Response.error(404, "device " + id + " not found");
                }
                return Response.of(200, null);
            }
            case "updateView" -> {
                if (!m.equals("POST")) {
                    return null;
                }
                int id = data.path("deviceId").asInt(-1);
                if (model.device(id) == null) {
                    return Response.error(404, "device " + id + " not found");
                }
                model.updateView(
                        id,
                        data.path("componentName").asText(),
                        data.path("propertyName").asText(),
                        data.has("newValue") ? data.get("newValue") : NODES.nullNode());
                return Response.of(200, null);
            }
            case "getView" -> {
                Integer id = intOrNull(first(query, "id"));
                return id == null || model.device(id) == null
                        ? Response.error(404, "device not found")
                        : Response.ok(model.view(id));
            }
            case "callUIEvent" -> {
                return uiEvent(m, query, data);
            }
            case "createChildDevice" -> {
                return m.equals("POST") ? createChild(data) : null;
            }
            case "removeChildDevice" -> {
                if (!m.equals("DELETE") || seg.size() != 3) {
                    return null;
                }
                Integer id = intOrNull(seg.get(2));
                ObjectNode d = id == null ? null : model.device(id);
                if (d == null || d.path("parentId").asInt() == 0) {
                    return Response.error(404, "child device " + seg.get(2) + " not found");
                }
                model.removeDevice(id);
                return Response.of(200, null);
            }
            case "restart" -> {
                if (!m.equals("POST")) {
                    return null;
                }
                int id = data.path("deviceId").asInt(-1);
                if (model.device(id) == null) {
                    return Response.error(404, "device " + id + " not found");
                }
                host.restart(id);
                return Response.ok(NODES.objectNode().put("status", true));
            }
            case "interfaces" -> {
                return m.equals("POST") ? interfaces(data) : null;
            }
            case "publishEvent" -> {
                return m.equals("POST") ? publishEvent(data) : null;
            }
            default -> {
                return null;
            }
        }
    }

    private Response uiEvent(String m, Map<String, List<String>> query, JsonNode data) {
        ObjectNode ev = NODES.objectNode();
        if (m.equals("GET")) {
            ev.put("deviceId", intOrNull(first(query, "deviceID")) == null ? -1 : intOrNull(first(query, "deviceID")));
            ev.put("elementName", first(query, "elementName"));
            ev.put("eventType", first(query, "eventType"));
            ArrayNode values = ev.putArray("values");
            if (first(query, "value") != null) {
                values.add(scalar(first(query, "value")));
            }
        } else if (m.equals("POST") && data.isObject()) {
            JsonNode id = data.has("deviceId") ? data.get("deviceId") : data.path("deviceID");
            ev.put("deviceId", id.asInt(-1));
            ev.put("elementName", data.path("elementName").asText(""));
            ev.put("eventType", data.path("eventType").asText(""));
            ev.set("values", data.path("values").isArray() ? data.get("values").deepCopy() : NODES.arrayNode());
        } else {
            return m.equals("POST") ? Response.error(400, "callUIEvent needs a JSON object") : null;
        }
        int id = ev.get("deviceId").asInt();
        if (model.device(id) == null) {
            return Response.error(404, "device " + id + " not found");
        }
        if (ev.path("elementName").asText("").isEmpty()) {
            return Response.error(400, "callUIEvent needs elementName and eventType");
        }
        host.uiEvent(id, ev);
        return Response.of(200, null);
    }

    private Response createChild(JsonNode data) {
        int parent = data.path("parentId").asInt(-1);
        ObjectNode p = model.device(parent);
        if (p == null) {
            return Response.error(404, "parent device " + parent + " not found");
        }
        String type = data.path("type").asText("");
        if (type.isEmpty()) {
            return Response.error(400, "createChildDevice needs a type");
        }
        JsonNode ifs = data.path("initialInterfaces");
        JsonNode props = data.path("initialProperties");
        ObjectNode child = model.createDevice(
                data.path("name").asText("Child"),
                type,
                parent,
                ifs.isArray() ? (ArrayNode) ifs : null,
                props.isObject() ? (ObjectNode) props : null);
        return Response.ok(child.deepCopy());
    }

    private Response interfaces(JsonNode data) {
        int id = data.path("deviceId").asInt(-1);
        ObjectNode d = model.device(id);
        if (d == null) {
            return Response.error(404, "device " + id + " not found");
        }
        String action = data.path("action").asText("");
        ArrayNode ifs = d.withArray("interfaces");
        for (JsonNode i : data.path("interfaces")) {
            boolean has = contains(ifs, i.asText());
            if (action.equals("add") && !has) {
                ifs.add(i.asText());
            } else if (action.equals("delete") && has) {
                for (int k = ifs.size() - 1; k >= 0; k--) {
                    if (ifs.get(k).asText().equals(i.asText())) {
                        ifs.remove(k);
                    }
                }
            } else if (!action.equals("add") && !action.equals("delete")) {
                return Response.error(400, "interfaces action must be add or delete");
            }
        }
        model.touch(d);
        return Response.of(200, null);
    }

    /**
     * {@code POST /plugins/publishEvent {type, source, data}}: {@code centralSceneEvent} becomes
     * {@code CentralSceneEvent {id, keyId, keyAttribute}}, {@code sceneActivationEvent}
     * {@code SceneActivationEvent {id, sceneId}}; other types are emitted with their data as given.
     */
    private Response publishEvent(JsonNode data) {
        String type = data.path("type").asText("");
        if (type.isEmpty()) {
            return Response.error(400, "publishEvent needs a type");
        }
        int source = data.path("source").asInt(-1);
        ObjectNode d =
                data.path("data").isObject() ? (ObjectNode) data.get("data").deepCopy() : NODES.objectNode();
        switch (type) {
            case "centralSceneEvent" -> {
                ObjectNode e = NODES.objectNode().put("id", source);
                e.set("keyId", d.path("keyId"));
                e.set("keyAttribute", d.path("keyAttribute"));
                model.emit("CentralSceneEvent", e);
            }
            case "sceneActivationEvent" -> {
                ObjectNode e = NODES.objectNode().put("id", source);
                e.set("sceneId", d.path("sceneId"));
                model.emit("SceneActivationEvent", e);
            }
            default -> model.emit(type, d);
        }
        return Response.of(200, null);
    }

    /** {@code /plugins/{id}/variables[/{name}]}: internal storage items {@code {name, value, isHidden}}. */
    private Response internalStorage(String m, int id, List<String> seg, JsonNode data) {
        if (model.device(id) == null) {
            return Response.error(404, "device " + id + " not found");
        }
        Map<String, ObjectNode> items = model.storage(id);
        if (seg.size() == 3) {
            switch (m) {
                case "GET" -> {
                    ArrayNode a = NODES.arrayNode();
                    items.values().forEach(i -> a.add(i.deepCopy()));
                    return Response.ok(a);
                }
                case "POST" -> {
                    String name = data.path("name").asText("");
                    if (name.isEmpty()) {
                        return Response.error(400, "variable needs a name");
                    }
                    if (items.containsKey(name)) {
                        return Response.error(409, "variable " + name + " exists");
                    }
                    items.put(name, storageItem(name, data));
                    model.changed();
                    return Response.of(201, items.get(name).deepCopy());
                }
                case "DELETE" -> {
                    items.clear();
                    model.changed();
                    return Response.of(200, null);
                }
                default -> {
                    return null;
                }
            }
        }
        if (seg.size() != 4) {
            return null;
        }
        String name = seg.get(3);
        ObjectNode item = items.get(name);
        switch (m) {
            case "GET" -> {
                return item == null
                        ? Response.error(404, "variable " + name + " not found")
                        : Response.ok(item.deepCopy());
            }
            case "PUT" -> {
                if (item == null) {
                    return Response.error(404, "variable " + name + " not found");
                }
                items.put(name, storageItem(name, data));
                model.changed();
                return Response.of(200, null);
            }
            case "DELETE" -> {
                if (items.remove(name) == null) {
                    return Response.error(404, "variable " + name + " not found");
                }
                model.changed();
                return Response.of(200, null);
            }
            default -> {
                return null;
            }
        }
    }

    private static ObjectNode storageItem(String name, JsonNode data) {
        ObjectNode i = NODES.objectNode();
        i.put("name", name);
        i.set("value", data.has("value") ? data.get("value").deepCopy() : NODES.nullNode());
        i.put("isHidden", data.path("isHidden").asBoolean(false));
        return i;
    }

    // ------------------------------------------------------------------ quickApp variables

    /** {@code /quickApp/{id}/variables[/{name}]}: the device's {@code properties.quickAppVariables}. */
    private Response quickAppVariables(String m, List<String> seg, JsonNode data) {
        if (seg.size() < 3 || !seg.get(2).equals("variables")) {
            return null;
        }
        Integer id = intOrNull(seg.get(1));
        ObjectNode d = id == null ? null : model.device(id);
        if (d == null) {
            return Response.error(404, "device " + seg.get(1) + " not found");
        }
        JsonNode current = d.path("properties").path("quickAppVariables");
        ArrayNode vars = current.isArray() ? (ArrayNode) current.deepCopy() : NODES.arrayNode();
        if (seg.size() == 3) {
            if (m.equals("GET")) {
                return Response.ok(vars);
            }
            if (m.equals("POST")) {
                String name = data.path("name").asText("");
                if (name.isEmpty()) {
                    return Response.error(400, "variable needs a name");
                }
                if (indexOf(vars, name) >= 0) {
                    return Response.error(409, "variable " + name + " exists");
                }
                vars.add(NODES.objectNode()
                        .put("name", name)
                        .set("value", data.path("value").deepCopy()));
                model.updateProperty(id, "quickAppVariables", vars);
                return Response.of(201, null);
            }
            return null;
        }
        String name = seg.get(3);
        int at = indexOf(vars, name);
        switch (m) {
            case "GET" -> {
                return at < 0 ? Response.error(404, "variable " + name + " not found") : Response.ok(vars.get(at));
            }
            case "PUT" -> {
                if (at < 0) {
                    return Response.error(404, "variable " + name + " not found");
                }
                ((ObjectNode) vars.get(at)).set("value", data.path("value").deepCopy());
                model.updateProperty(id, "quickAppVariables", vars);
                return Response.of(200, null);
            }
            case "DELETE" -> {
                if (at < 0) {
                    return Response.error(404, "variable " + name + " not found");
                }
                vars.remove(at);
                model.updateProperty(id, "quickAppVariables", vars);
                return Response.of(200, null);
            }
            default -> {
                return null;
            }
        }
    }

    private static int indexOf(ArrayNode vars, String name) {
        for (int i = 0; i < vars.size(); i++) {
            if (vars.get(i).path("name").asText().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------ globals, rooms, sections, custom events

    private Response globals(String m, List<String> seg, JsonNode data) {
        Map<String, ObjectNode> globals = model.globals();
        if (seg.size() == 1) {
            if (m.equals("GET")) {
                ArrayNode a = NODES.arrayNode();
                globals.values().forEach(g -> a.add(g.deepCopy()));
                return Response.ok(a);
            }
            if (m.equals("POST")) {
                String name = data.path("name").asText("");
                if (name.isEmpty()) {
                    return Response.error(400, "global variable needs a name");
                }
                if (globals.containsKey(name)) {
                    return Response.error(409, "global variable " + name + " exists");
                }
                return Response.of(
                        201, model.setGlobal(name, text(data.path("value"))).deepCopy());
            }
            return null;
        }
        String name = seg.get(1);
        ObjectNode g = globals.get(name);
        if (g == null) {
            return m.equals("GET") || m.equals("PUT") || m.equals("DELETE")
                    ? Response.error(404, "global variable " + name + " not found")
                    : null;
        }
        return switch (m) {
            case "GET" -> Response.ok(g.deepCopy());
            case "PUT" -> {
                if (g.path("readOnly").asBoolean(false)) {
                    yield Response.error(400, "global variable " + name + " is read-only");
                }
                yield Response.ok(
                        model.setGlobal(name, text(data.path("value"))).deepCopy());
            }
            case "DELETE" -> {
                model.removeGlobal(name);
                yield Response.of(200, null);
            }
            default -> null;
        };
    }

    /** Rooms and sections share their CRUD: {@code GET/POST /rooms}, {@code GET/PUT/DELETE /rooms/{id}}. */
    private Response rooms(String m, List<String> seg, JsonNode data, Map<Integer, ObjectNode> all, String what) {
        if (seg.size() == 1) {
            if (m.equals("GET")) {
                ArrayNode a = NODES.arrayNode();
                all.values().forEach(r -> a.add(r.deepCopy()));
                return Response.ok(a);
            }
            if (m.equals("POST")) {
                if (!data.isObject() || data.path("name").asText("").isEmpty()) {
                    return Response.error(400, what + " needs a name");
                }
                int id = all.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
                ObjectNode r = what.equals("room")
                        ? model.room(id, data.get("name").asText(), Hc3Model.DEFAULT_ROOM, false)
                        : NODES.objectNode().put("id", id).put("sortOrder", id);
                r.setAll((ObjectNode) data.deepCopy());
                r.put("id", id);
                model.stamp(r, true);
                all.put(id, r);
                model.changed();
                model.emit(capital(what) + "CreatedEvent", NODES.objectNode().put("id", id));
                return Response.of(201, r.deepCopy());
            }
            return null;
        }
        Integer id = intOrNull(seg.get(1));
        if (id == null || seg.size() != 2) {
            return null;
        }
        ObjectNode r = all.get(id);
        if (r == null) {
            return Response.error(404, what + " " + id + " not found");
        }
        return switch (m) {
            case "GET" -> Response.ok(r.deepCopy());
            case "PUT" -> {
                if (data.isObject()) {
                    r.setAll((ObjectNode) data.deepCopy());
                    r.put("id", id);
                }
                model.stamp(r, false);
                model.changed();
                model.emit(capital(what) + "ModifiedEvent", NODES.objectNode().put("id", id));
                yield Response.ok(r.deepCopy());
            }
            case "DELETE" -> {
                if (id == Hc3Model.DEFAULT_ROOM) {
                    yield Response.error(400, "the default " + what + " cannot be deleted");
                }
                all.remove(id);
                model.changed();
                model.emit(capital(what) + "RemovedEvent", NODES.objectNode().put("id", id));
                yield Response.of(200, null);
            }
            default -> null;
        };
    }

    private Response customEvents(String m, List<String> seg, JsonNode data) {
        Map<String, ObjectNode> all = model.customEvents();
        if (seg.size() == 1) {
            if (m.equals("GET")) {
                ArrayNode a = NODES.arrayNode();
                all.values().forEach(c -> a.add(c.deepCopy()));
                return Response.ok(a);
            }
            if (m.equals("POST")) {
                String name = data.path("name").asText("");
                if (name.isEmpty()) {
                    return Response.error(400, "custom event needs a name");
                }
                if (all.containsKey(name)) {
                    return Response.error(409, "custom event " + name + " exists");
                }
                ObjectNode c = NODES.objectNode()
                        .put("name", name)
                        .put("userDescription", data.path("userDescription").asText(""));
                all.put(name, c);
                model.changed();
                return Response.of(201, c.deepCopy());
            }
            return null;
        }
        String name = seg.get(1);
        ObjectNode c = all.get(name);
        if (seg.size() == 3 && seg.get(2).equals("publish") && (m.equals("GET") || m.equals("POST"))
                || seg.size() == 2 && m.equals("POST")) {
            // emitting: HC3 answers 204; an undefined name is emitted all the same (plua), 404 on HC3 (?)
            model.emit("CustomEvent", NODES.objectNode().put("name", name));
            return Response.of(204, null);
        }
        if (seg.size() != 2) {
            return null;
        }
        if (c == null) {
            return Response.error(404, "custom event " + name + " not found");
        }
        return switch (m) {
            case "GET" -> Response.ok(c.deepCopy());
            case "PUT" -> {
                if (data.has("userDescription")) {
                    c.put("userDescription", data.get("userDescription").asText());
                }
                model.changed();
                yield Response.ok(c.deepCopy());
            }
            case "DELETE" -> {
                all.remove(name);
                model.changed();
                yield Response.of(200, null);
            }
            default -> null;
        };
    }

    private Response debugMessages(String m, List<String> seg, JsonNode data) {
        if (seg.size() != 1) {
            return null;
        }
        return switch (m) {
            case "GET" -> Response.ok(model.debugMessages());
            case "DELETE" -> {
                model.clearMessages();
                yield Response.of(200, null);
            }
            case "POST" -> {
                model.addMessage(
                        data.path("messageType").asText("debug"),
                        data.path("tag").asText(""),
                        data.path("message").asText(""));
                yield Response.of(200, null);
            }
            default -> null;
        };
    }

    private Response settings(String m, List<String> seg) {
        if (!m.equals("GET") || seg.size() != 2) {
            return null;
        }
        if (seg.get(1).equals("info")) {
            ObjectNode i = NODES.objectNode();
            i.put("serialNumber", "HC3-00000000").put("hcName", "JEPLua HC3").put("mac", "00:00:00:00:00:00");
            i.put("softVersion", "5.180.17").put("beta", false).put("currentVersion", "5.180.17");
            i.put("zwaveRegion", "EU").put("serverStatus", model.nowSeconds()).put("defaultLanguage", "en");
            i.put("sunsetHour", "17:00").put("sunriseHour", "07:00").put("hotelMode", false);
            i.put("temperatureUnit", "C").put("batteryLowNotification", false).put("date", "");
            i.put("timeFormat", 24)
                    .put("dateFormat", "dd.mm.yy")
                    .put("online", false)
                    .put("platform", "HC3");
            i.put("decimalMark", ".").put("currency", "EUR").put("timezoneOffset", 0);
            return Response.ok(i);
        }
        if (seg.get(1).equals("location")) {
            ObjectNode l = NODES.objectNode();
            l.put("houseNumber", 0).put("timezone", "Europe/Stockholm").put("timezoneOffset", 3600);
            l.put("ntp", true).put("ntpServer", "pool.ntp.org").put("date", "").put("time", "");
            l.put("latitude", 59.3293).put("longitude", 18.0686).put("city", "Stockholm");
            l.put("temperatureUnit", "C")
                    .put("windUnit", "km/h")
                    .put("timeFormat", 24)
                    .put("dateFormat", "dd.mm.yy");
            l.put("decimalMark", ".");
            return Response.ok(l);
        }
        return null;
    }

    private ObjectNode home() {
        ObjectNode h = NODES.objectNode();
        h.put("hcName", "JEPLua HC3")
                .put("currency", "EUR")
                .put("timeFormat", 24)
                .put("dateFormat", "dd.mm.yy");
        h.putObject("defaultSensors").put("temperature", 0).put("humidity", 0).put("light", 0);
        h.put("beta", false).put("defaultRoomId", Hc3Model.DEFAULT_ROOM).put("firstRunAfterUpdate", false);
        return h;
    }

    // ------------------------------------------------------------------ helpers

    private static Map<String, List<String>> parseQuery(String q) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String part : q.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static String first(Map<String, List<String>> query, String key) {
        List<String> v = query.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static long longParam(Map<String, List<String>> query, String key, long dflt) {
        try {
            String v = first(query, key);
            return v == null ? dflt : Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static Integer intOrNull(String s) {
        if (s == null || !s.matches("-?[0-9]{1,9}")) {
            return null;
        }
        return Integer.parseInt(s);
    }

    /** A query value as JSON: a number when it reads as one (as the emulators do), else a string. */
    private static JsonNode scalar(String v) {
        if (v.matches("-?[0-9]+(\\.[0-9]+)?")) {
            return v.contains(".") ? NODES.numberNode(Double.parseDouble(v)) : NODES.numberNode(Long.parseLong(v));
        }
        if (v.equals("true") || v.equals("false")) {
            return NODES.booleanNode(Boolean.parseBoolean(v));
        }
        return NODES.textNode(v);
    }

    /** HC3 keeps global variable values as strings. */
    private static String text(JsonNode v) {
        return v.isTextual() ? v.asText() : v.isMissingNode() || v.isNull() ? "" : v.toString();
    }

    private static String capital(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
