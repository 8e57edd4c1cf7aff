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
 * The {@code /devices} routes of {@link Hc3Api} (list with filters, one device, properties,
 * actions, group actions) and HC2's {@code GET /callAction}. Methods answer null when no route
 * matches. Threads: the model's thread.
 */
final class DeviceRoutes {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Hc3Model model;
    private final QuickAppHost host;

    DeviceRoutes(Hc3Model model, QuickAppHost host) {
        this.model = model;
        this.host = host;
    }

    /** {@code /devices...} ({@code seg.get(0)} is {@code devices}); null when no route matches. */
    Response devices(String m, List<String> seg, Map<String, List<String>> query, JsonNode data) {
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
    Response callAction(Map<String, List<String>> query) {
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
}
