package dev.jeplua.fibaro;

import static dev.jeplua.fibaro.ApiRequest.capital;
import static dev.jeplua.fibaro.ApiRequest.intOrNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jeplua.fibaro.Hc3Api.Response;
import java.util.List;
import java.util.Map;

/**
 * The home-wide routes of {@link Hc3Api}: rooms, sections, custom events, debug messages,
 * settings and the home record. Methods answer null when no route matches. Threads: the model's
 * thread.
 */
final class HomeRoutes {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Hc3Model model;

    HomeRoutes(Hc3Model model) {
        this.model = model;
    }

    /** Rooms and sections share their CRUD: {@code GET/POST /rooms}, {@code GET/PUT/DELETE /rooms/{id}}. */
    Response rooms(String m, List<String> seg, JsonNode data, Map<Integer, ObjectNode> all, String what) {
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

    /** {@code /customEvents[/{name}[/publish]]}. */
    Response customEvents(String m, List<String> seg, JsonNode data) {
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

    /** {@code /debugMessages}: the last console lines. */
    Response debugMessages(String m, List<String> seg, JsonNode data) {
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

    /** {@code GET /settings/info} and {@code /settings/location}: fixed records. */
    Response settings(String m, List<String> seg) {
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

    /** {@code GET /home}: a fixed record. */
    ObjectNode home() {
        ObjectNode h = NODES.objectNode();
        h.put("hcName", "JEPLua HC3")
                .put("currency", "EUR")
                .put("timeFormat", 24)
                .put("dateFormat", "dd.mm.yy");
        h.putObject("defaultSensors").put("temperature", 0).put("humidity", 0).put("light", 0);
        h.put("beta", false).put("defaultRoomId", Hc3Model.DEFAULT_ROOM).put("firstRunAfterUpdate", false);
        return h;
    }
}
