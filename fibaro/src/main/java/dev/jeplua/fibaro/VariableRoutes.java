package dev.jeplua.fibaro;

import static dev.jeplua.fibaro.ApiRequest.intOrNull;
import static dev.jeplua.fibaro.ApiRequest.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jeplua.fibaro.Hc3Api.Response;
import java.util.List;
import java.util.Map;

/**
 * The variable routes of {@link Hc3Api}: a QuickApp's {@code /quickApp/{id}/variables} and the
 * home's {@code /globalVariables}. Methods answer null when no route matches. Threads: the
 * model's thread.
 */
final class VariableRoutes {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Hc3Model model;

    VariableRoutes(Hc3Model model) {
        this.model = model;
    }

    /** {@code /quickApp/{id}/variables[/{name}]}: the device's {@code properties.quickAppVariables}. */
    Response quickAppVariables(String m, List<String> seg, JsonNode data) {
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

    /** {@code /globalVariables[/{name}]}; values are kept as strings, as on an HC3. */
    Response globals(String m, List<String> seg, JsonNode data) {
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
}
