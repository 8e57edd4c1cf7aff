package dev.jeplua.fibaro;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A {@code .fqa} file, HC3's QuickApp export (docs/fibaro.md#fqa-files; shape after
 * shared/reference/fibaro-quickapp.md 4.6 and real HC3 exports): {@code {apiVersion, name, type,
 * initialInterfaces, initialProperties:{quickAppVariables, uiCallbacks, uiView, viewLayout, …},
 * files:[{name, isMain, isOpen, type:"lua", content}]}}. {@link #parse} reads one to run it
 * ({@code ./run.sh --fibaro QA.fqa}); {@link #of} builds one from a running QuickApp's device
 * record and files ({@code --%%save:QA.fqa}). Immutable; any thread.
 *
 * @param name              the QuickApp's name
 * @param type              its device type
 * @param files             its files in file order, exactly one of them the main file
 * @param initialProperties its properties (never null)
 * @param initialInterfaces its interfaces besides {@code quickApp} (never null)
 */
public record FqaFile(
        String name, String type, List<Source> files, ObjectNode initialProperties, ArrayNode initialInterfaces) {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The properties a .fqa carries over from the device record (HC3's export keeps these). */
    private static final Set<String> KEPT = Set.of(
            "quickAppVariables",
            "uiCallbacks",
            "uiView",
            "viewLayout",
            "useUiView",
            "useEmbededView",
            "userDescription",
            "quickAppUuid",
            "manufacturer",
            "model",
            "deviceRole",
            "supportedDeviceRoles",
            "typeTemplateInitialized",
            "apiVersion",
            "buildNumber");

    /**
     * One file of the QuickApp.
     *
     * @param name    its name ({@code main} for the main file of HC3 exports)
     * @param isMain  whether it is the main file (it runs last)
     * @param content its Lua source
     */
    public record Source(String name, boolean isMain, String content) {}

    /** Copies the lists. */
    public FqaFile {
        files = List.copyOf(files);
    }

    /** The main file. */
    public Source main() {
        return files.stream().filter(Source::isMain).findFirst().orElseThrow();
    }

    /**
     * Reads a .fqa file's text.
     *
     * @throws IllegalArgumentException naming what is wrong: not JSON, no name/type, no files,
     *                                  not exactly one main file, a file without content
     */
    public static FqaFile parse(String json) {
        JsonNode root;
        try {
            root = JsonText.parse(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a .fqa file (not JSON: " + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a .fqa file (not a JSON object)");
        }
        String name = root.path("name").asText("");
        String type = root.path("type").asText("");
        if (name.isEmpty() || type.isEmpty()) {
            throw new IllegalArgumentException(".fqa file without name or type");
        }
        List<Source> files = new ArrayList<>();
        int mains = 0;
        for (JsonNode f : root.path("files")) {
            if (!f.path("content").isTextual() || f.path("name").asText("").isEmpty()) {
                throw new IllegalArgumentException(".fqa file entry without name or content");
            }
            boolean isMain = f.path("isMain").asBoolean(false);
            mains += isMain ? 1 : 0;
            files.add(
                    new Source(f.get("name").asText(), isMain, f.get("content").asText()));
        }
        if (mains != 1) {
            throw new IllegalArgumentException(".fqa file needs exactly one main file (has " + mains + ")");
        }
        JsonNode props = root.path("initialProperties");
        JsonNode ifs = root.path("initialInterfaces");
        ArrayNode interfaces = NODES.arrayNode();
        if (ifs.isArray()) {
            ifs.forEach(i -> {
                if (!i.asText().equals("quickApp")) {
                    interfaces.add(i.asText());
                }
            });
        }
        return new FqaFile(
                name, type, files, props.isObject() ? (ObjectNode) props.deepCopy() : NODES.objectNode(), interfaces);
    }

    /**
     * The .fqa of a running QuickApp: its device record's name, type, interfaces and the
     * properties an HC3 export keeps, with its files; UI callbacks of embedded elements (names
     * starting with {@code __}) are left out, as HC3 does.
     *
     * @param device the device record ({@link Hc3Model#device})
     * @param files  the files, the main one included
     */
    public static FqaFile of(ObjectNode device, List<Source> files) {
        ObjectNode props = NODES.objectNode();
        JsonNode all = device.path("properties");
        for (String k : KEPT) {
            if (all.has(k)) {
                props.set(k, all.get(k).deepCopy());
            }
        }
        if (props.path("uiCallbacks").isArray()) {
            ArrayNode kept = NODES.arrayNode();
            props.get("uiCallbacks").forEach(c -> {
                if (!c.path("name").asText().startsWith("__")) {
                    kept.add(c);
                }
            });
            props.set("uiCallbacks", kept);
        }
        ArrayNode interfaces = NODES.arrayNode();
        device.path("interfaces").forEach(i -> {
            if (!i.asText().equals("quickApp")) {
                interfaces.add(i.asText());
            }
        });
        return new FqaFile(device.path("name").asText(), device.path("type").asText(), files, props, interfaces);
    }

    /** The .fqa JSON ({@code apiVersion "1.3"}; {@code initialInterfaces} with {@code quickApp} first). */
    public ObjectNode toJson() {
        ObjectNode root = NODES.objectNode();
        root.put("apiVersion", "1.3").put("name", name).put("type", type);
        ArrayNode ifs = root.putArray("initialInterfaces").add("quickApp");
        ifs.addAll(initialInterfaces);
        root.set("initialProperties", initialProperties.deepCopy());
        ArrayNode list = root.putArray("files");
        for (Source f : files) {
            list.addObject()
                    .put("name", f.name())
                    .put("isMain", f.isMain())
                    .put("isOpen", false)
                    .put("type", "lua")
                    .put("content", f.content());
        }
        return root;
    }
}
