package dev.jeplua.fibaro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The offline HC3 (docs/fibaro.md#the-offline-hc3): devices (the QuickApps and their children,
 * plus any from {@code --fibaro-resources}), global variables, rooms, sections, custom events,
 * internal storage per device, the refreshStates event queue and the debug messages, all as
 * JSON trees in HC3's shapes (shared/reference/fibaro-quickapp.md 2.3, 4.2, 4.3).
 *
 * <p>Seeded with a minimal home: room 219 "Default Room" in section 219 "Default Section".
 * Device ids for new devices start at {@value #FIRST_DEVICE_ID}, as plua and EPLua number
 * them. Events keep the last {@value #MAX_EVENTS}; debug messages the last
 * {@value #MAX_MESSAGES}. {@link #snapshot()} and {@link #restore(JsonNode)} give the
 * persistent part (everything but events and debug messages); {@link #isDirty()} says whether
 * it changed since {@link #clean()}.
 *
 * <p>Threads: one thread at a time (the engine thread in a real process); not synchronized.
 */
public final class Hc3Model {
    /** The id the first QuickApp gets. */
    public static final int FIRST_DEVICE_ID = 5555;
    /** The default room's and section's id (HC3's). */
    public static final int DEFAULT_ROOM = 219;

    static final int MAX_EVENTS = 1000;
    static final int MAX_MESSAGES = 1000;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter EVENT_DATE = DateTimeFormatter.ofPattern("HH:mm | dd.MM.yyyy");

    private final LongSupplier clockMillis;
    private final Map<Integer, ObjectNode> devices = new TreeMap<>();
    private final Map<String, ObjectNode> globals = new LinkedHashMap<>();
    private final Map<Integer, ObjectNode> rooms = new TreeMap<>();
    private final Map<Integer, ObjectNode> sections = new TreeMap<>();
    private final Map<String, ObjectNode> customEvents = new LinkedHashMap<>();
    private final Map<Integer, Map<String, ObjectNode>> storage = new TreeMap<>();
    /** Current UI element values per device: component name → property → value. */
    private final Map<Integer, Map<String, ObjectNode>> views = new TreeMap<>();

    private final Deque<ObjectNode> events = new ArrayDeque<>();
    private final Deque<ObjectNode> messages = new ArrayDeque<>();
    private final List<java.util.function.Consumer<ObjectNode>> eventListeners = new ArrayList<>();
    private long lastEvent;
    private long lastMessage;
    private boolean dirty;

    /**
     * An empty home with the default room and section.
     *
     * @param clockMillis wall-clock time in epoch milliseconds (timestamps of records and events)
     */
    public Hc3Model(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
        ObjectNode section = NODES.objectNode();
        section.put("id", DEFAULT_ROOM).put("name", "Default Section").put("sortOrder", 1);
        stamp(section, true);
        sections.put(DEFAULT_ROOM, section);
        rooms.put(DEFAULT_ROOM, room(DEFAULT_ROOM, "Default Room", DEFAULT_ROOM, true));
        dirty = false;
    }

    // ------------------------------------------------------------------ clock and events

    /** Now, in epoch seconds. */
    long nowSeconds() {
        return clockMillis.getAsLong() / 1000;
    }

    /** Now, in epoch milliseconds. */
    long nowMillis() {
        return clockMillis.getAsLong();
    }

    /**
     * Appends a refreshStates event {@code {id, type, created, data}} and tells the listeners.
     *
     * @param type e.g. {@code DevicePropertyUpdatedEvent}
     * @param data the event's {@code data} object
     */
    public void emit(String type, ObjectNode data) {
        ObjectNode e = NODES.objectNode();
        e.put("id", ++lastEvent).put("type", type).put("created", nowSeconds());
        e.set("data", data);
        events.addLast(e);
        while (events.size() > MAX_EVENTS) {
            events.removeFirst();
        }
        for (java.util.function.Consumer<ObjectNode> l : List.copyOf(eventListeners)) {
            l.accept(e);
        }
    }

    /**
     * Registers a listener called with each new event {@code {id, type, created, data}} (the
     * live node: listeners must not change it), on the thread that caused it.
     */
    public void onEvent(java.util.function.Consumer<ObjectNode> listener) {
        eventListeners.add(listener);
    }

    /** The counter of the newest event (0 before any). */
    public long lastEvent() {
        return lastEvent;
    }

    /**
     * The refreshStates answer for {@code ?last=N} (swagger {@code RefreshStateDto}):
     * {@code {status:"IDLE", last, date, timestamp, timestampMillis, events:[...], changes:[]}}
     * with the events whose counter is above {@code last}.
     */
    public ObjectNode refreshStates(long last) {
        ObjectNode r = NODES.objectNode();
        long now = nowMillis();
        r.put("status", "IDLE").put("last", lastEvent);
        r.put("date", EVENT_DATE.format(Instant.ofEpochMilli(now).atZone(ZoneId.systemDefault())));
        r.put("timestamp", now / 1000).put("timestampMillis", now);
        ArrayNode list = r.putArray("events");
        for (ObjectNode e : events) {
            if (e.get("id").asLong() > last) {
                ObjectNode copy = e.deepCopy();
                copy.remove("id");
                list.add(copy);
            }
        }
        r.putArray("changes");
        return r;
    }

    /**
     * Stores a debug message {@code {id, timestamp, type, tag, message}}.
     *
     * @param type {@code debug}, {@code trace}, {@code warning} or {@code error}
     */
    public void addMessage(String type, String tag, String message) {
        ObjectNode m = NODES.objectNode();
        m.put("id", ++lastMessage).put("timestamp", nowSeconds());
        m.put("type", type).put("tag", tag).put("message", message);
        messages.addLast(m);
        while (messages.size() > MAX_MESSAGES) {
            messages.removeFirst();
        }
    }

    /** {@code {nextLast, messages:[...]}}: the stored debug messages, newest first. */
    public ObjectNode debugMessages() {
        ObjectNode r = NODES.objectNode();
        r.put(
                "nextLast",
                messages.isEmpty() ? 0 : messages.peekFirst().get("id").asLong());
        ArrayNode list = r.putArray("messages");
        Iterator<ObjectNode> it = messages.descendingIterator();
        while (it.hasNext()) {
            list.add(it.next().deepCopy());
        }
        return r;
    }

    /** Deletes the stored debug messages. */
    public void clearMessages() {
        messages.clear();
    }

    // ------------------------------------------------------------------ devices

    /** The device record, or null. The live node: callers that change it call {@link #touch}. */
    public ObjectNode device(int id) {
        return devices.get(id);
    }

    /** All device records in id order (live nodes). */
    public List<ObjectNode> devices() {
        return new ArrayList<>(devices.values());
    }

    /** The next free device id, from {@link #FIRST_DEVICE_ID} up. */
    int nextDeviceId() {
        int id = FIRST_DEVICE_ID;
        while (devices.containsKey(id)) {
            id++;
        }
        return id;
    }

    /**
     * Creates a device record with HC3's fields and adds it; emits {@code DeviceCreatedEvent}.
     *
     * @param name       the device name
     * @param type       e.g. {@code com.fibaro.binarySwitch}
     * @param parentId   0 for a QuickApp, the parent's id for a child
     * @param interfaces initial interfaces (HC3 adds {@code quickApp} / {@code quickAppChild})
     * @param properties initial properties (copied; HC3's defaults are added)
     * @return the new record
     */
    public ObjectNode createDevice(
            String name, String type, int parentId, ArrayNode interfaces, ObjectNode properties) {
        int id = nextDeviceId();
        ObjectNode d = NODES.objectNode();
        d.put("id", id).put("name", name).put("roomID", DEFAULT_ROOM);
        d.putArray("view");
        d.put("type", type).put("baseType", baseType(type));
        d.put("enabled", true).put("visible", true).put("isPlugin", true).put("parentId", parentId);
        d.put("viewXml", false).put("hasUIView", true).put("configXml", false);
        ArrayNode ifs = d.putArray("interfaces");
        String own = parentId == 0 ? "quickApp" : "quickAppChild";
        ifs.add(own);
        if (interfaces != null) {
            for (JsonNode i : interfaces) {
                if (!i.asText().equals(own)) {
                    ifs.add(i.asText());
                }
            }
        }
        ObjectNode p = d.putObject("properties");
        p.put("apiVersion", "1.3").put("dead", false).put("log", "");
        p.putArray("quickAppVariables");
        p.putArray("uiCallbacks");
        p.put("useUiView", false).put("useEmbededView", true);
        p.put("value", initialValue(type));
        if (properties != null) {
            p.setAll(properties.deepCopy());
        }
        d.putObject("actions");
        long now = nowSeconds();
        d.put("created", now).put("modified", now).put("sortOrder", id);
        devices.put(id, d);
        dirty = true;
        ObjectNode data = NODES.objectNode().put("id", id);
        emit("DeviceCreatedEvent", data);
        return d;
    }

    /** Adds (or replaces) a device record as given, e.g. from a resources file. */
    public void putDevice(ObjectNode record) {
        devices.put(record.path("id").asInt(), record);
        dirty = true;
    }

    /**
     * Removes a device and its children and their storage; emits {@code DeviceRemovedEvent}
     * for each.
     *
     * @return whether the device existed
     */
    public boolean removeDevice(int id) {
        if (!devices.containsKey(id)) {
            return false;
        }
        for (ObjectNode child : devices()) {
            if (child.path("parentId").asInt() == id) {
                removeDevice(child.path("id").asInt());
            }
        }
        devices.remove(id);
        storage.remove(id);
        views.remove(id);
        dirty = true;
        emit("DeviceRemovedEvent", NODES.objectNode().put("id", id));
        return true;
    }

    /** Marks a device as modified now (and the model as changed). */
    public void touch(ObjectNode device) {
        device.put("modified", nowSeconds());
        dirty = true;
    }

    /**
     * Sets {@code properties[name]} of a device; when the value differs, emits
     * {@code DevicePropertyUpdatedEvent {id, property, newValue, oldValue}} (HC3 sends no event
     * for an unchanged value).
     *
     * @return false when the device does not exist
     */
    public boolean updateProperty(int id, String name, JsonNode value) {
        ObjectNode d = devices.get(id);
        if (d == null) {
            return false;
        }
        ObjectNode props = d.with("properties");
        JsonNode old = props.get(name);
        JsonNode now = value == null ? NODES.nullNode() : value.deepCopy();
        if (now.equals(old)) {
            return true;
        }
        props.set(name, now);
        touch(d);
        ObjectNode data = NODES.objectNode().put("id", id).put("property", name);
        data.set("newValue", now.deepCopy());
        data.set("oldValue", old == null ? NODES.nullNode() : old.deepCopy());
        emit("DevicePropertyUpdatedEvent", data);
        return true;
    }

    /**
     * Records a UI element's new property value and emits
     * {@code PluginChangedViewEvent {deviceId, componentName, propertyName, newValue}}.
     */
    public void updateView(int id, String component, String property, JsonNode value) {
        views.computeIfAbsent(id, k -> new LinkedHashMap<>())
                .computeIfAbsent(component, k -> NODES.objectNode())
                .set(property, value.deepCopy());
        ObjectNode data = NODES.objectNode().put("deviceId", id).put("componentName", component);
        data.put("propertyName", property).set("newValue", value.deepCopy());
        emit("PluginChangedViewEvent", data);
    }

    /** The UI element values set with {@link #updateView}: {@code {component: {property: value}}}. */
    public ObjectNode view(int id) {
        ObjectNode r = NODES.objectNode();
        views.getOrDefault(id, Map.of()).forEach(r::set);
        return r;
    }

    private static String baseType(String type) {
        return switch (type) {
            case "com.fibaro.binarySwitch", "com.fibaro.multilevelSwitch" -> "com.fibaro.actor";
            case "com.fibaro.temperatureSensor", "com.fibaro.humiditySensor", "com.fibaro.multilevelSensor" ->
                "com.fibaro.multilevelSensor";
            case "com.fibaro.binarySensor", "com.fibaro.doorSensor", "com.fibaro.motionSensor" ->
                "com.fibaro.securitySensor";
            default -> "com.fibaro.device";
        };
    }

    private static JsonNode initialValue(String type) {
        return switch (type) {
            case "com.fibaro.binarySwitch",
                    "com.fibaro.binarySensor",
                    "com.fibaro.doorSensor",
                    "com.fibaro.motionSensor",
                    "com.fibaro.windowSensor" -> NODES.booleanNode(false);
            default -> NODES.numberNode(0);
        };
    }

    // ------------------------------------------------------------------ internal storage

    /** The internal storage of a device (live map, created on first use). */
    public Map<String, ObjectNode> storage(int deviceId) {
        return storage.computeIfAbsent(deviceId, k -> new LinkedHashMap<>());
    }

    /** Marks the persistent part as changed (after a change through a live node or map). */
    public void changed() {
        dirty = true;
    }

    // ------------------------------------------------------------------ globals, rooms, sections, custom events

    /** The global variables by name (live map). */
    public Map<String, ObjectNode> globals() {
        return globals;
    }

    /**
     * Creates or changes a global variable, with HC3's events ({@code GlobalVariableAddedEvent
     * {variableName, value}} or {@code GlobalVariableChangedEvent {variableName, newValue,
     * oldValue}}, the latter only when the value changed).
     *
     * @return the record {@code {name, value, readOnly, isEnum, enumValues, created, modified}}
     */
    public ObjectNode setGlobal(String name, String value) {
        ObjectNode g = globals.get(name);
        if (g == null) {
            g = NODES.objectNode();
            g.put("name", name).put("value", value).put("readOnly", false).put("isEnum", false);
            g.putArray("enumValues");
            stamp(g, true);
            globals.put(name, g);
            dirty = true;
            emit(
                    "GlobalVariableAddedEvent",
                    NODES.objectNode().put("variableName", name).put("value", value));
            return g;
        }
        String old = g.path("value").asText();
        if (!old.equals(value)) {
            g.put("value", value);
            stamp(g, false);
            dirty = true;
            emit(
                    "GlobalVariableChangedEvent",
                    NODES.objectNode()
                            .put("variableName", name)
                            .put("newValue", value)
                            .put("oldValue", old));
        }
        return g;
    }

    /** Deletes a global variable ({@code GlobalVariableRemovedEvent}); false when absent. */
    public boolean removeGlobal(String name) {
        if (globals.remove(name) == null) {
            return false;
        }
        dirty = true;
        emit("GlobalVariableRemovedEvent", NODES.objectNode().put("variableName", name));
        return true;
    }

    /** Rooms by id (live map). */
    public Map<Integer, ObjectNode> rooms() {
        return rooms;
    }

    /** Sections by id (live map). */
    public Map<Integer, ObjectNode> sections() {
        return sections;
    }

    /** Custom events by name (live map). */
    public Map<String, ObjectNode> customEvents() {
        return customEvents;
    }

    /** A room record in HC3's shape. */
    ObjectNode room(int id, String name, int sectionId, boolean isDefault) {
        ObjectNode r = NODES.objectNode();
        r.put("id", id).put("name", name).put("sectionID", sectionId).put("isDefault", isDefault);
        r.put("visible", true).put("icon", "room_boy").put("category", "other");
        r.putObject("defaultSensors").put("temperature", 0).put("humidity", 0).put("light", 0);
        r.putObject("meters").put("energy", 0);
        r.put("defaultThermostat", (Integer) null).put("sortOrder", id);
        return r;
    }

    /** Sets {@code created} (when {@code created}) and {@code modified} to now. */
    void stamp(ObjectNode record, boolean created) {
        long now = nowSeconds();
        if (created) {
            record.put("created", now);
        }
        record.put("modified", now);
    }

    // ------------------------------------------------------------------ persistence

    /** Whether the persistent part changed since {@link #clean()}. */
    public boolean isDirty() {
        return dirty;
    }

    /** Marks the persistent part as saved. */
    public void clean() {
        dirty = false;
    }

    /**
     * The persistent part as one JSON object: {@code {devices:[...], globalVariables:[...],
     * rooms:[...], sections:[...], customEvents:[...], storage:{id:[{name,value,isHidden}]}}}.
     * The same shape is accepted by {@link #restore} and by {@code --fibaro-resources}.
     */
    public ObjectNode snapshot() {
        ObjectNode s = NODES.objectNode();
        ArrayNode d = s.putArray("devices");
        devices.values().forEach(n -> d.add(n.deepCopy()));
        ArrayNode g = s.putArray("globalVariables");
        globals.values().forEach(n -> g.add(n.deepCopy()));
        ArrayNode r = s.putArray("rooms");
        rooms.values().forEach(n -> r.add(n.deepCopy()));
        ArrayNode sec = s.putArray("sections");
        sections.values().forEach(n -> sec.add(n.deepCopy()));
        ArrayNode c = s.putArray("customEvents");
        customEvents.values().forEach(n -> c.add(n.deepCopy()));
        ObjectNode st = s.putObject("storage");
        storage.forEach((id, items) -> {
            if (!items.isEmpty()) {
                ArrayNode a = st.putArray(String.valueOf(id));
                items.values().forEach(n -> a.add(n.deepCopy()));
            }
        });
        return s;
    }

    /**
     * Merges a snapshot (or a resources file) into the model: records with the same id or name
     * are replaced, others added. Global variables and custom events need a {@code name},
     * devices, rooms and sections an {@code id}; missing HC3 fields of globals get defaults
     * (values are kept as strings, as HC3 stores them).
     *
     * @throws IllegalArgumentException when {@code data} is not an object or a record lacks its key
     */
    public void restore(JsonNode data) {
        if (!data.isObject()) {
            throw new IllegalArgumentException("HC3 resources must be a JSON object");
        }
        for (JsonNode n : data.path("devices")) {
            ObjectNode d = record(n, "id", "devices");
            if (!d.has("properties")) {
                d.putObject("properties");
            }
            d.putIfAbsent("parentId", NODES.numberNode(0));
            d.putIfAbsent("roomID", NODES.numberNode(DEFAULT_ROOM));
            d.putIfAbsent("enabled", NODES.booleanNode(true));
            d.putIfAbsent("visible", NODES.booleanNode(true));
            d.putIfAbsent("interfaces", NODES.arrayNode());
            devices.put(d.get("id").asInt(), d);
        }
        for (JsonNode n : data.path("globalVariables")) {
            ObjectNode g = record(n, "name", "globalVariables");
            JsonNode v = g.path("value");
            g.put("value", v.isTextual() ? v.asText() : v.isMissingNode() || v.isNull() ? "" : JsonText.write(v));
            g.putIfAbsent("readOnly", NODES.booleanNode(false));
            g.putIfAbsent("isEnum", NODES.booleanNode(false));
            g.putIfAbsent("enumValues", NODES.arrayNode());
            g.putIfAbsent("created", NODES.numberNode(nowSeconds()));
            g.putIfAbsent("modified", NODES.numberNode(nowSeconds()));
            globals.put(g.get("name").asText(), g);
        }
        for (JsonNode n : data.path("rooms")) {
            ObjectNode r = record(n, "id", "rooms");
            ObjectNode full = room(r.get("id").asInt(), r.path("name").asText("Room"), DEFAULT_ROOM, false);
            full.setAll(r);
            rooms.put(r.get("id").asInt(), full);
        }
        for (JsonNode n : data.path("sections")) {
            ObjectNode s = record(n, "id", "sections");
            s.putIfAbsent("sortOrder", NODES.numberNode(s.get("id").asInt()));
            sections.put(s.get("id").asInt(), s);
        }
        for (JsonNode n : data.path("customEvents")) {
            ObjectNode c = record(n, "name", "customEvents");
            c.putIfAbsent("userDescription", NODES.textNode(""));
            customEvents.put(c.get("name").asText(), c);
        }
        data.path("storage").fields().forEachRemaining(e -> {
            Map<String, ObjectNode> items = storage(Integer.parseInt(e.getKey()));
            for (JsonNode item : e.getValue()) {
                ObjectNode i = record(item, "name", "storage");
                items.put(i.get("name").asText(), i);
            }
        });
        dirty = true;
    }

    private static ObjectNode record(JsonNode n, String key, String list) {
        if (!n.isObject() || !n.hasNonNull(key)) {
            throw new IllegalArgumentException("every entry of \"" + list + "\" needs \"" + key + "\": " + n);
        }
        return ((ObjectNode) n).deepCopy();
    }
}
