package dev.jeplua.fibaro;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST dispatcher on the model alone: routes, HC3's shapes and status codes. */
class Hc3ApiTest {
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private Hc3Model model;
    private Hc3Api api;
    private final List<String> calls = new ArrayList<>();
    private int qa;

    @BeforeEach
    void setUp() {
        model = new Hc3Model(clock::get);
        api = new Hc3Api(model, new QuickAppHost() {
            @Override
            public boolean action(int deviceId, String name, ArrayNode args) {
                calls.add("action " + deviceId + " " + name + " " + args);
                return deviceId == qa;
            }

            @Override
            public boolean uiEvent(int deviceId, ObjectNode event) {
                calls.add("ui " + event);
                return true;
            }

            @Override
            public boolean restart(int deviceId) {
                calls.add("restart " + deviceId);
                return true;
            }
        });
        qa = model.createDevice("QA", "com.fibaro.binarySwitch", 0, null, null)
                .get("id")
                .asInt();
    }

    private JsonNode ok(String method, String path, String body, int status) {
        Hc3Api.Response r = api.handle(method, path, body);
        assertThat(r.status()).as(method + " " + path + " -> " + r.bodyText()).isEqualTo(status);
        return r.body();
    }

    @Test
    void devicesListGetFilterAndModify() {
        assertThat(qa).isEqualTo(5555);
        JsonNode child = ok(
                "POST",
                "/plugins/createChildDevice",
                "{\"parentId\":5555,\"type\":\"com.fibaro.temperatureSensor\",\"name\":\"T\","
                        + "\"initialProperties\":{\"unit\":\"C\"},\"initialInterfaces\":[\"battery\"]}",
                200);
        assertThat(child.get("id").asInt()).isEqualTo(5556);
        assertThat(child.get("interfaces").toString()).isEqualTo("[\"quickAppChild\",\"battery\"]");
        assertThat(child.at("/properties/unit").asText()).isEqualTo("C");
        assertThat(ok("GET", "/devices", null, 200)).hasSize(2);
        assertThat(ok("GET", "/devices?parentId=5555", null, 200)).hasSize(1);
        assertThat(ok("GET", "/devices?interface=battery", null, 200)).hasSize(1);
        assertThat(ok("GET", "/devices?type=com.fibaro.binarySwitch&name=QA", null, 200))
                .hasSize(1);
        assertThat(ok("GET", "/devices?property=%5Bunit,C%5D", null, 200)).hasSize(1);
        assertThat(ok("GET", "/devices?colour=red", null, 200)).isEmpty();
        assertThat(ok("GET", "/devices/5555", null, 200).get("isPlugin").asBoolean())
                .isTrue();
        ok("GET", "/devices/42", null, 404);
        assertThat(ok("PUT", "/devices/5555", "{\"name\":\"New\",\"properties\":{\"value\":true}}", 200)
                        .get("name")
                        .asText())
                .isEqualTo("New");
        assertThat(ok("GET", "/devices/5555/properties/value", null, 200)
                        .get("value")
                        .asBoolean())
                .isTrue();
        ok("GET", "/devices/5555/properties/nope", null, 404);
        ok("DELETE", "/plugins/removeChildDevice/5555", null, 404);
        ok("DELETE", "/plugins/removeChildDevice/5556", null, 200);
        assertThat(ok("GET", "/devices", null, 200)).hasSize(1);
    }

    @Test
    void actionsAre202AndGoToTheHostOrSetTheValueOfAPlainDevice() {
        JsonNode r = ok("POST", "/devices/5555/action/turnOn", "{\"args\":[1,\"a\"]}", 202);
        assertThat(r.get("message").asText()).isEqualTo("Accepted");
        assertThat(calls).containsExactly("action 5555 turnOn [1,\"a\"]");
        model.restore(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .objectNode()
                .set(
                        "devices",
                        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                                .arrayNode()
                                .add(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                                        .objectNode()
                                        .put("id", 40)
                                        .put("name", "Plain"))));
        ok("GET", "/callAction?deviceID=40&name=setValue&arg1=55", null, 202);
        assertThat(ok("GET", "/devices/40/properties/value", null, 200)
                        .get("value")
                        .asInt())
                .isEqualTo(55);
        ok("POST", "/devices/41/action/turnOn", null, 404);
        ok(
                "POST",
                "/plugins/callUIEvent",
                "{\"deviceID\":5555,\"elementName\":\"b\",\"eventType\":\"onReleased\"}",
                200);
        assertThat(calls.get(calls.size() - 1)).contains("\"elementName\":\"b\"");
        assertThat(ok("POST", "/plugins/restart", "{\"deviceId\":5555}", 200)
                        .get("status")
                        .asBoolean())
                .isTrue();
        long last = model.lastEvent();
        ok(
                "POST",
                "/plugins/publishEvent",
                "{\"type\":\"centralSceneEvent\",\"source\":5555,\"data\":{\"keyId\":1,\"keyAttribute\":\"Pressed\"}}",
                200);
        JsonNode ev = ok("GET", "/refreshStates?last=" + last, null, 200)
                .get("events")
                .get(0);
        assertThat(ev.get("type").asText()).isEqualTo("CentralSceneEvent");
        assertThat(ev.get("data").toString()).isEqualTo("{\"id\":5555,\"keyId\":1,\"keyAttribute\":\"Pressed\"}");
    }

    @Test
    void updatePropertyEmitsOnlyForChangedValuesAndRefreshStatesListsNewerEvents() {
        long last = ok("GET", "/refreshStates", null, 200).get("last").asLong();
        ok("POST", "/plugins/updateProperty", "{\"deviceId\":5555,\"propertyName\":\"value\",\"value\":true}", 200);
        ok("POST", "/plugins/updateProperty", "{\"deviceId\":5555,\"propertyName\":\"value\",\"value\":true}", 200);
        ok("POST", "/plugins/updateProperty", "{\"deviceId\":9,\"propertyName\":\"value\",\"value\":true}", 404);
        JsonNode rs = ok("GET", "/refreshStates?last=" + last, null, 200);
        assertThat(rs.get("status").asText()).isEqualTo("IDLE");
        assertThat(rs.get("events")).hasSize(1);
        JsonNode e = rs.get("events").get(0);
        assertThat(e.get("type").asText()).isEqualTo("DevicePropertyUpdatedEvent");
        assertThat(e.get("data").toString())
                .isEqualTo("{\"id\":5555,\"property\":\"value\",\"newValue\":true,\"oldValue\":false}");
        assertThat(e.get("created").asLong()).isEqualTo(1_700_000_000L);
        assertThat(ok("GET", "/refreshStates?last=" + rs.get("last").asLong(), null, 200)
                        .get("events"))
                .isEmpty();
    }

    @Test
    void globalVariablesWithEvents() {
        ok("GET", "/globalVariables/g", null, 404);
        ok("POST", "/globalVariables", "{\"name\":\"g\",\"value\":\"1\"}", 201);
        ok("POST", "/globalVariables", "{\"name\":\"g\",\"value\":\"1\"}", 409);
        clock.addAndGet(5000);
        JsonNode g = ok("PUT", "/globalVariables/g", "{\"value\":\"2\"}", 200);
        assertThat(g.get("value").asText()).isEqualTo("2");
        assertThat(g.get("modified").asLong()).isEqualTo(1_700_000_005L);
        assertThat(ok("GET", "/globalVariables", null, 200)).hasSize(1);
        ok("DELETE", "/globalVariables/g", null, 200);
        JsonNode events = ok("GET", "/refreshStates?last=0", null, 200).get("events");
        List<String> types = new ArrayList<>();
        events.forEach(e -> types.add(e.get("type").asText()));
        assertThat(types)
                .containsSubsequence(
                        "GlobalVariableAddedEvent", "GlobalVariableChangedEvent", "GlobalVariableRemovedEvent");
    }

    @Test
    void roomsSectionsCustomEventsSettingsHomeDebugMessages() {
        assertThat(ok("GET", "/rooms/219", null, 200).get("name").asText()).isEqualTo("Default Room");
        assertThat(ok("POST", "/rooms", "{\"name\":\"Kitchen\"}", 201).get("id").asInt())
                .isEqualTo(220);
        ok("PUT", "/rooms/220", "{\"name\":\"Cuisine\"}", 200);
        assertThat(ok("GET", "/rooms", null, 200)).hasSize(2);
        ok("DELETE", "/rooms/219", null, 400);
        ok("DELETE", "/rooms/220", null, 200);
        assertThat(ok("GET", "/sections", null, 200).get(0).get("name").asText())
                .isEqualTo("Default Section");
        ok("POST", "/customEvents", "{\"name\":\"Ping\",\"userDescription\":\"d\"}", 201);
        assertThat(ok("GET", "/customEvents/Ping", null, 200)
                        .get("userDescription")
                        .asText())
                .isEqualTo("d");
        ok("POST", "/customEvents/Ping", null, 204);
        assertThat(ok("GET", "/settings/info", null, 200).get("softVersion").asText())
                .isEqualTo("5.180.17");
        assertThat(ok("GET", "/settings/location", null, 200).has("latitude")).isTrue();
        assertThat(ok("GET", "/home", null, 200).get("defaultRoomId").asInt()).isEqualTo(219);
        model.addMessage("debug", "QUICKAPP5555", "hello");
        JsonNode m = ok("GET", "/debugMessages", null, 200);
        assertThat(m.get("messages").get(0).get("message").asText()).isEqualTo("hello");
        ok("DELETE", "/debugMessages", null, 200);
        assertThat(ok("GET", "/debugMessages", null, 200).get("messages")).isEmpty();
    }

    @Test
    void internalStorageAndQuickAppVariables() {
        ok("GET", "/plugins/5555/variables/k", null, 404);
        ok("PUT", "/plugins/5555/variables/k", "{\"name\":\"k\",\"value\":1}", 404);
        ok("POST", "/plugins/5555/variables", "{\"name\":\"k\",\"value\":1}", 201);
        ok("POST", "/plugins/5555/variables", "{\"name\":\"k\",\"value\":1}", 409);
        ok("PUT", "/plugins/5555/variables/k", "{\"name\":\"k\",\"value\":2}", 200);
        assertThat(ok("GET", "/plugins/5555/variables/k", null, 200)
                        .get("value")
                        .asInt())
                .isEqualTo(2);
        ok("DELETE", "/plugins/5555/variables/k", null, 200);
        ok("POST", "/quickApp/5555/variables", "{\"name\":\"v\",\"value\":\"a\"}", 201);
        ok("PUT", "/quickApp/5555/variables/v", "{\"value\":\"b\"}", 200);
        assertThat(ok("GET", "/quickApp/5555/variables", null, 200).toString())
                .isEqualTo("[{\"name\":\"v\",\"value\":\"b\"}]");
        ok("GET", "/quickApp/99/variables", null, 404);
    }

    @Test
    void deviceDeleteTakesTheChildrenAlong() {
        ok(
                "POST",
                "/plugins/createChildDevice",
                "{\"parentId\":5555,\"type\":\"com.fibaro.binarySwitch\",\"name\":\"C\"}",
                200);
        assertThat(ok("GET", "/devices", null, 200)).hasSize(2);
        ok("DELETE", "/devices/5555", null, 200);
        assertThat(ok("GET", "/devices", null, 200)).isEmpty();
        ok("DELETE", "/devices/5555", null, 404);
        ok("PUT", "/devices/5555", "{}", 404);
    }

    @Test
    void groupActionRunsOnTheFilteredDevicesWith202() {
        ok(
                "POST",
                "/plugins/createChildDevice",
                "{\"parentId\":5555,\"type\":\"com.fibaro.binarySwitch\",\"name\":\"C1\"}",
                200);
        ok(
                "POST",
                "/plugins/createChildDevice",
                "{\"parentId\":5555,\"type\":\"com.fibaro.temperatureSensor\",\"name\":\"C2\"}",
                200);
        JsonNode r = ok(
                "POST",
                "/devices/groupAction/turnOn",
                "{\"args\":[1],\"filters\":[{\"filter\":\"type\",\"value\":[\"com.fibaro.binarySwitch\"]}]}",
                202);
        assertThat(r.get("devices").toString()).isEqualTo("[5555,5556]");
        assertThat(calls).containsExactly("action 5555 turnOn [1]", "action 5556 turnOn [1]");
        r = ok(
                "POST",
                "/devices/groupAction/turnOff",
                "{\"filters\":[{\"filter\":\"parentId\",\"value\":[5555]},{\"filter\":\"interface\",\"value\":[\"quickAppChild\"]},"
                        + "{\"filter\":\"name\",\"value\":[\"C2\"]}]}",
                202);
        assertThat(r.get("devices").toString()).isEqualTo("[5557]");
        ok("POST", "/devices/groupAction/turnOn", "{\"args\":[]}", 400);
        ok("GET", "/devices/groupAction/turnOn", null, 501);
    }

    @Test
    void updateViewAndGetViewAndTheirEvent() {
        long last = model.lastEvent();
        ok(
                "POST",
                "/plugins/updateView",
                "{\"deviceId\":5555,\"componentName\":\"l1\",\"propertyName\":\"text\",\"newValue\":\"Hi\"}",
                200);
        assertThat(ok("GET", "/plugins/getView?id=5555", null, 200).toString()).isEqualTo("{\"l1\":{\"text\":\"Hi\"}}");
        JsonNode ev = ok("GET", "/refreshStates?last=" + last, null, 200)
                .get("events")
                .get(0);
        assertThat(ev.get("type").asText()).isEqualTo("PluginChangedViewEvent");
        ok("POST", "/plugins/updateView", "{\"deviceId\":99,\"componentName\":\"l1\"}", 404);
        ok("GET", "/plugins/getView?id=99", null, 404);
    }

    @Test
    void callUIEventByGetAndInterfaces() {
        ok("GET", "/plugins/callUIEvent?deviceID=5555&elementName=s1&eventType=onChanged&value=42", null, 200);
        assertThat(calls.get(calls.size() - 1)).contains("\"elementName\":\"s1\"", "\"eventType\":\"onChanged\"", "42");
        ok(
                "POST",
                "/plugins/interfaces",
                "{\"action\":\"add\",\"deviceId\":5555,\"interfaces\":[\"power\",\"energy\"]}",
                200);
        ok("POST", "/plugins/interfaces", "{\"action\":\"delete\",\"deviceId\":5555,\"interfaces\":[\"energy\"]}", 200);
        assertThat(ok("GET", "/devices/5555", null, 200).get("interfaces").toString())
                .isEqualTo("[\"quickApp\",\"power\"]");
        assertThat(ok("GET", "/devices?interface=power", null, 200)).hasSize(1);
    }

    @Test
    void internalStorageListAndClearQuickAppVariableGetAndDelete() {
        ok("POST", "/plugins/5555/variables", "{\"name\":\"a\",\"value\":1}", 201);
        ok("POST", "/plugins/5555/variables", "{\"name\":\"b\",\"value\":\"x\",\"isHidden\":true}", 201);
        assertThat(ok("GET", "/plugins/5555/variables", null, 200).toString())
                .isEqualTo(
                        "[{\"name\":\"a\",\"value\":1,\"isHidden\":false},{\"name\":\"b\",\"value\":\"x\",\"isHidden\":true}]");
        ok("DELETE", "/plugins/5555/variables", null, 200);
        assertThat(ok("GET", "/plugins/5555/variables", null, 200)).isEmpty();
        ok("DELETE", "/plugins/5555/variables/a", null, 404);
        ok("POST", "/quickApp/5555/variables", "{\"name\":\"v\",\"value\":3}", 201);
        ok("POST", "/quickApp/5555/variables", "{\"name\":\"v\",\"value\":3}", 409);
        assertThat(ok("GET", "/quickApp/5555/variables/v", null, 200)
                        .get("value")
                        .asInt())
                .isEqualTo(3);
        long last = model.lastEvent();
        ok("DELETE", "/quickApp/5555/variables/v", null, 200);
        JsonNode ev = ok("GET", "/refreshStates?last=" + last, null, 200)
                .get("events")
                .get(0);
        assertThat(ev.at("/data/property").asText()).isEqualTo("quickAppVariables");
        ok("GET", "/quickApp/5555/variables/v", null, 404);
        ok("DELETE", "/quickApp/5555/variables/v", null, 404);
        ok("PUT", "/quickApp/5555/variables/v", "{\"value\":1}", 404);
    }

    @Test
    void sectionsCrudAndDebugMessagePost() {
        JsonNode s = ok("POST", "/sections", "{\"name\":\"Upstairs\"}", 201);
        int id = s.get("id").asInt();
        assertThat(id).isEqualTo(220);
        assertThat(ok("PUT", "/sections/220", "{\"name\":\"Attic\"}", 200)
                        .get("name")
                        .asText())
                .isEqualTo("Attic");
        assertThat(ok("GET", "/sections/220", null, 200).get("name").asText()).isEqualTo("Attic");
        ok("POST", "/sections", "{}", 400);
        ok("DELETE", "/sections/219", null, 400);
        ok("DELETE", "/sections/220", null, 200);
        ok("GET", "/sections/220", null, 404);
        ok("GET", "/rooms/999", null, 404);
        ok("POST", "/debugMessages", "{\"messageType\":\"warning\",\"tag\":\"T\",\"message\":\"m\"}", 200);
        JsonNode m = ok("GET", "/debugMessages", null, 200).get("messages").get(0);
        assertThat(m.get("type").asText() + " " + m.get("tag").asText() + " "
                        + m.get("message").asText())
                .isEqualTo("warning T m");
    }

    @Test
    void customEventsListUpdateDeleteAndPublish() {
        ok("POST", "/customEvents", "{\"name\":\"Bell\"}", 201);
        ok("POST", "/customEvents", "{\"name\":\"Bell\"}", 409);
        ok("POST", "/customEvents", "{}", 400);
        assertThat(ok("GET", "/customEvents", null, 200)).hasSize(1);
        assertThat(ok("PUT", "/customEvents/Bell", "{\"userDescription\":\"front door\"}", 200)
                        .get("userDescription")
                        .asText())
                .isEqualTo("front door");
        long last = model.lastEvent();
        ok("POST", "/customEvents/Bell/publish", null, 204);
        ok("GET", "/customEvents/Bell/publish", null, 204);
        JsonNode events = ok("GET", "/refreshStates?last=" + last, null, 200).get("events");
        assertThat(events).hasSize(2);
        assertThat(events.get(0).get("type").asText()).isEqualTo("CustomEvent");
        ok("DELETE", "/customEvents/Bell", null, 200);
        ok("GET", "/customEvents/Bell", null, 404);
        ok("PUT", "/customEvents/Bell", "{}", 404);
    }

    @Test
    void globalVariablesPostConflictsDeleteMissingAndMethodsNotServed() {
        ok("POST", "/globalVariables", "{\"name\":\"g\",\"value\":7}", 201);
        assertThat(ok("GET", "/globalVariables/g", null, 200).get("value").asText())
                .isEqualTo("7");
        ok("POST", "/globalVariables", "{\"name\":\"g\",\"value\":\"x\"}", 409);
        ok("POST", "/globalVariables", "{}", 400);
        ok("DELETE", "/globalVariables/nope", null, 404);
        ok("PUT", "/globalVariables/nope", "{\"value\":\"x\"}", 404);
        ok("PATCH", "/globalVariables/g", null, 501);
        ok("POST", "/home", null, 501);
        ok("POST", "/settings/info", null, 501);
    }

    @Test
    void unknownPathsAreNotHandledAndBadBodiesAre400() {
        Hc3Api.Response r = api.handle("GET", "/weather", null);
        assertThat(r.handled()).isFalse();
        assertThat(r.status()).isEqualTo(501);
        assertThat(r.body().get("message").asText()).isEqualTo("GET /api/weather is not emulated by JEPLua");
        assertThat(api.handle("POST", "/globalVariables", "{nope").status()).isEqualTo(400);
    }

    @Test
    void snapshotRestoresIntoANewModel() {
        ok("POST", "/globalVariables", "{\"name\":\"g\",\"value\":\"1\"}", 201);
        ok("POST", "/plugins/5555/variables", "{\"name\":\"k\",\"value\":1}", 201);
        assertThat(model.isDirty()).isTrue();
        Hc3Model copy = new Hc3Model(clock::get);
        copy.restore(model.snapshot());
        assertThat(copy.snapshot()).isEqualTo(model.snapshot());
        assertThat(copy.nextDeviceId()).isEqualTo(5556);
    }
}
