package dev.jeplua.fibaro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jeplua.engine.api.EngineConfig;
import dev.jeplua.engine.api.NamedFunction;
import dev.jeplua.engine.testing.LuaSpecHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.luaj.vm2.LuaValue;

/** .fqa files: reading, and a QuickApp saved with --%%save run again from its .fqa (two engines). */
class FqaFileTest {
    private static final String QA = """
            --%%name:Saver
            --%%type:com.fibaro.multilevelSwitch
            --%%var:city="London"
            --%%u:{button='b1',text='On',onReleased='turnOn'}
            --%%file:%LIB%,helpers
            --%%save:%OUT%
            function QuickApp:onInit() self:debug('init', greet(self:getVariable('city'))) end
            function QuickApp:turnOn() self:updateProperty('value', 99) end
            """;

    /** Runs {@code text} as the main file of a --fibaro run (a .fqa when the name says so); returns the output. */
    private static String run(String text, String name, String after) {
        FibaroLib lib = new FibaroLib(null);
        LuaSpecHarness h = new LuaSpecHarness(new EngineConfig(), lib);
        NamedFunction.define(h.engine().globals(), "startQA", a -> {
            if (FibaroLib.isFqa(name)) {
                return lib.fqaMain(text, name).invoke(LuaValue.NONE);
            }
            LuaValue chunk = h.engine().compile(text.getBytes(StandardCharsets.UTF_8), "@" + name);
            return lib.quickAppMain(chunk, text, name).invoke(LuaValue.NONE);
        });
        h.runChunk("startQA()");
        h.runChunk(after);
        h.advance(10);
        String out = h.takeOutput() + h.takeErrors();
        h.engine().close();
        return out;
    }

    @Test
    void aSavedQuickAppRunsAgainFromItsFqa(@TempDir Path dir) throws Exception {
        Path lib = dir.resolve("helpers.lua");
        Files.writeString(lib, "function greet(x) return 'hello ' .. x end\n");
        Path out = dir.resolve("Saver.fqa");
        String qa = QA.replace("%LIB%", lib.toString()).replace("%OUT%", out.toString());
        assertThat(run(qa, "saver.lua", "")).contains("[QUICKAPP5555]: init hello London");

        JsonNode fqa = JsonText.parse(Files.readString(out));
        assertThat(fqa.path("apiVersion").asText()).isEqualTo("1.3");
        assertThat(fqa.path("name").asText()).isEqualTo("Saver");
        assertThat(fqa.path("type").asText()).isEqualTo("com.fibaro.multilevelSwitch");
        assertThat(fqa.path("initialInterfaces").get(0).asText()).isEqualTo("quickApp");
        assertThat(fqa.path("files")).hasSize(2);
        assertThat(fqa.path("files").get(0).path("name").asText()).isEqualTo("main");
        assertThat(fqa.path("files").get(0).path("isMain").asBoolean()).isTrue();
        assertThat(fqa.path("files").get(0).path("content").asText()).isEqualTo(qa);
        assertThat(fqa.path("files").get(1).path("name").asText()).isEqualTo("helpers");
        assertThat(fqa.path("files").get(1).path("content").asText()).contains("function greet");
        JsonNode props = fqa.path("initialProperties");
        assertThat(props.path("quickAppVariables").toString()).isEqualTo("[{\"name\":\"city\",\"value\":\"London\"}]");
        JsonNode callback = props.path("uiCallbacks").get(0);
        assertThat(callback.path("name").asText() + " "
                        + callback.path("eventType").asText() + " "
                        + callback.path("callback").asText())
                .isEqualTo("b1 onReleased turnOn");
        assertThat(props.has("viewLayout")).isTrue();
        assertThat(props.has("uiView")).isTrue();

        // the .fqa alone (its main file's headers name files that are gone: drop them as HC3 has none)
        Files.delete(lib);
        String exported = Files.readString(out)
                .replace("--%%file:" + lib + ",helpers\\n", "")
                .replace("--%%save:" + out + "\\n", "");
        String second = run(
                exported,
                "Saver.fqa",
                "local d = api.get('/devices/' .. plugin.mainDeviceId)\n"
                        + "print(d.name, d.type, d.properties.uiCallbacks[1].callback, quickApp:getVariable('city'))\n"
                        + "fibaro.call(plugin.mainDeviceId, 'turnOn')");
        assertThat(second)
                .contains("[QUICKAPP5555]: init hello London")
                .contains("[QUICKAPP5555]: Saver com.fibaro.multilevelSwitch turnOn London");
    }

    @Test
    void theFqaFileOrderRunsOtherFilesBeforeMain() {
        String fqa = """
                {"name": "Order", "type": "com.fibaro.binarySwitch",
                 "initialProperties": {"quickAppVariables": [{"name": "n", "value": 3}]},
                 "initialInterfaces": ["quickApp", "power"],
                 "files": [{"name": "main", "isMain": true, "content": "function QuickApp:onInit() self:debug(order, self:getVariable('n'), self:hasInterface('power')) end"},
                           {"name": "a", "isMain": false, "content": "order = 'a'"},
                           {"name": "b", "isMain": false, "content": "order = order .. 'b'"}]}
                """;
        assertThat(run(fqa, "order.fqa", "")).contains("[QUICKAPP5555]: ab 3 true");
    }

    @Test
    void malformedFilesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> FqaFile.parse("{nope")).hasMessageStartingWith("not a .fqa file (not JSON");
        assertThatThrownBy(() -> FqaFile.parse("{\"name\":\"x\"}")).hasMessage(".fqa file without name or type");
        assertThatThrownBy(() -> FqaFile.parse("{\"name\":\"x\",\"type\":\"t\",\"files\":[]}"))
                .hasMessage(".fqa file needs exactly one main file (has 0)");
        assertThatThrownBy(() -> FqaFile.parse(
                        "{\"name\":\"x\",\"type\":\"t\",\"files\":[{\"name\":\"main\",\"isMain\":true}]}"))
                .hasMessage(".fqa file entry without name or content");
    }
}
