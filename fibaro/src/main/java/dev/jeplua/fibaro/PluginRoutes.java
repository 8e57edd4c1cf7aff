package dev.jeplua.fibaro;

import static dev.jeplua.fibaro.ApiRequest.contains;
import static dev.jeplua.fibaro.ApiRequest.first;
import static dev.jeplua.fibaro.ApiRequest.intOrNull;
import static dev.jeplua.fibaro.ApiRequest.scalar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jeplua.fibaro.Hc3Api.Response;
import java.util.List;
import java.util.Map;

/**
 * The {@code /plugins} routes of {@link Hc3Api}: updateProperty, updateView, getView,
 * callUIEvent, createChildDevice, removeChildDevice, restart, interfaces, publishEvent and the
 * internal storage under {@code /plugins/{id}/variables}. Methods answer null when no route
 * matches. Threads: the model's thread.
 */
final class PluginRoutes {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Hc3Model model;
    private final QuickAppHost host;

    PluginRoutes(Hc3Model model, QuickAppHost host) {
        this.model = model;
        this.host = host;
    }

    /** {@code /plugins/...}; null when no route matches. */
    Response plugins(String m, List<String> seg, Map<String, List<String>> query, JsonNode data) {
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
}
