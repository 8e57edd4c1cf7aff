package dev.jeplua.fibaro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.api.EngineConfig;
import dev.jeplua.engine.api.NamedFunction;
import dev.jeplua.engine.testing.LuaSpecHarness;
import dev.jeplua.store.StoreLib;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.luaj.vm2.LuaValue;

/** The offline HC3 kept in the store library: a QuickApp's variables survive a restart; a resources file seeds it. */
class PersistenceTest {
    private static final String QA = """
            --%%name:Keeper
            --%%var:count=0
            --%%var:fresh="header"
            function QuickApp:onInit()
              local n = self:getVariable('count') + 1
              self:setVariable('count', n)
              self:internalStorageSet('runs', n)
              if n == 1 then
                api.post('/globalVariables', {name = 'G', value = 'v1'})
                self:createChildDevice({name = 'Kid', type = 'com.fibaro.binarySwitch'})
              end
              print('run', n, self:internalStorageGet('runs'), fibaro.getGlobalVariable('G'), self:getVariable('fresh'))
            end
            """;

    private static String run(Path store, Path resources, String qa) {
        FibaroLib lib = new FibaroLib(resources);
        LuaSpecHarness h = new LuaSpecHarness(new EngineConfig().storePath(store), new StoreLib(), lib);
        NamedFunction.define(h.engine().globals(), "startQA", a -> {
            LuaValue chunk = h.engine().compile(qa.getBytes(StandardCharsets.UTF_8), "@qa.lua");
            return lib.quickAppMain(chunk, qa, "qa.lua").invoke(LuaValue.NONE);
        });
        h.runChunk("startQA()");
        h.runChunk("print('children', #api.get('/devices?parentId=' .. quickApp.id), quickApp.id)");
        String out = h.takeOutput() + h.takeErrors();
        h.engine().close();
        return out;
    }

    @Test
    void variablesStorageGlobalsAndChildrenSurviveARestart(@TempDir Path dir) {
        Path store = dir.resolve("store.db");
        String first = run(store, null, QA);
        assertThat(first).contains("[QUICKAPP5555]: run 1 1 v1 header").contains("[QUICKAPP5555]: children 1 5555");
        String second = run(store, null, QA.replace("\"header\"", "\"changed\""));
        // persisted values win over the header (as on an HC3, where the device already exists)
        assertThat(second).contains("[QUICKAPP5555]: run 2 2 v1 header").contains("[QUICKAPP5555]: children 1 5555");
    }

    @Test
    void aResourcesFileSeedsTheHome(@TempDir Path dir) throws Exception {
        Path res = dir.resolve("home.json");
        Files.writeString(res, """
                {"globalVariables": [{"name": "G", "value": "seeded"}],
                 "rooms": [{"id": 300, "name": "Kitchen"}],
                 "devices": [{"id": 30, "name": "Lamp", "type": "com.fibaro.binarySwitch", "roomID": 300,
                              "properties": {"value": false}}]}
                """);
        String qa = "--%%name:Seeded\nfunction QuickApp:onInit() print(fibaro.getGlobalVariable('G'),"
                + " fibaro.getRoomNameByDeviceID(30), fibaro.getValue(30, 'value')) end\n";
        String out = run(dir.resolve("s.db"), res, qa);
        assertThat(out).contains("[QUICKAPP5555]: seeded Kitchen false");
    }

    @Test
    void anUnchangedHomeIsReadFromItsCopyWithoutOpeningTheStore(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("store.db");
        String qa = "--%%name:Still\nfunction QuickApp:onInit() print('id', self.id, self:getVariable('v')) end\n";
        assertThat(run(store, null, qa)).contains("[QUICKAPP5555]: id 5555 ");
        Path copy = dir.resolve("store.db.fibaro-home.json");
        assertThat(copy).exists();
        assertThat(Files.readString(copy)).contains("\"name\":\"Still\"");
        // opening the store writes the process id into its lock file: the lock file stays as it was
        Path lock = dir.resolve("store.db.lock");
        java.nio.file.attribute.FileTime locked = Files.getLastModifiedTime(lock);
        Files.setLastModifiedTime(lock, java.nio.file.attribute.FileTime.fromMillis(1_000_000));
        String copied = Files.readString(copy);
        assertThat(run(store, null, qa)).contains("[QUICKAPP5555]: id 5555 ");
        assertThat(Files.getLastModifiedTime(lock).toMillis()).isEqualTo(1_000_000);
        assertThat(Files.readString(copy)).isEqualTo(copied);
        assertThat(locked.toMillis()).isGreaterThan(1_000_000);
    }

    @Test
    void anotherWriterOfTheStoreMakesTheNextRunReadTheStore(@TempDir Path dir) {
        Path store = dir.resolve("store.db");
        assertThat(run(store, null, QA)).contains("[QUICKAPP5555]: run 1 1 v1 header");
        assertThat(run(store, null, QA)).contains("[QUICKAPP5555]: run 2 2 v1 header");
        LuaSpecHarness plain = new LuaSpecHarness(new EngineConfig().storePath(store), new StoreLib());
        plain.runChunk("store.drop('fibaro')");
        plain.engine().close();
        // the copy beside the store no longer matches it: the dropped home is not brought back
        assertThat(run(store, null, QA)).contains("[QUICKAPP5555]: run 1 1 v1 header");
    }

    @Test
    void aDamagedCopyIsReplacedByWhatTheStoreHolds(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("store.db");
        assertThat(run(store, null, QA)).contains("[QUICKAPP5555]: run 1 1 v1 header");
        Path copy = dir.resolve("store.db.fibaro-home.json");
        String stamp = Files.readString(copy).lines().findFirst().orElseThrow();
        Files.writeString(copy, stamp + "\n{\"devices\": [broken");
        assertThat(run(store, null, QA))
                .contains("[QUICKAPP5555]: run 2 2 v1 header")
                .doesNotContain("not persisted");
    }
}
