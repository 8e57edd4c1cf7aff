package dev.jeplua.engine.luaj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jeplua.engine.testing.LuaSpecHarness;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.luaj.vm2.CompiledSupport;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.TableAccess;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * {@link TableAccess}, the paths LuaJ's {@code LuaTable.hashget}, {@code hashset} and {@code get} take with the
 * engine's patch: string keys in long bucket chains, removed and re-added keys, assignments to
 * existing fields (also during a traversal), weak tables,
 * {@code __index} chains up to LuaJ's limit of 100 steps, and float fields read back as the same
 * float. Called directly and through the patched {@code LuaTable} methods.
 */
@Timeout(60)
class TableAccessTest {
    private final LuaSpecHarness h = new LuaSpecHarness(); // installs the LuaJ patch

    @Test
    void stringKeysAreFoundInEveryChainShapeAndAfterRemovals() {
        LuaTable t = new LuaTable();
        Map<String, Integer> expected = new LinkedHashMap<>();
        for (int i = 0; i < 300; i++) {
            t.set("k" + i, LuaValue.valueOf(i));
            expected.put("k" + i, i);
            t.set(i + 1000, LuaValue.valueOf(-i)); // integer keys in the same buckets
        }
        for (int i = 0; i < 300; i += 3) {
            t.set("k" + i, LuaValue.NIL);
            expected.remove("k" + i);
        }
        t.set("k3", LuaValue.valueOf("again"));
        for (int i = 0; i < 300; i++) {
            // a new LuaString each time: equal bytes, another object
            LuaString key = LuaString.valueOf(("k" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            LuaValue want = i == 3
                    ? LuaValue.valueOf("again")
                    : expected.containsKey("k" + i) ? LuaValue.valueOf(expected.get("k" + i)) : LuaValue.NIL;
            assertThat(TableAccess.hashget(t, key)).isEqualTo(want);
            assertThat(t.rawget(key)).isEqualTo(want);
            assertThat(t.get(key)).isEqualTo(want);
        }
        assertThat(TableAccess.hashget(t, LuaValue.valueOf(1005))).isEqualTo(LuaValue.valueOf(-5));
        assertThat(TableAccess.hashget(new LuaTable(), LuaValue.valueOf("x"))).isEqualTo(LuaValue.NIL);
    }

    @Test
    void assigningExistingFieldsDuringTraversalKeepsNextsOrder() {
        h.runChunk("local t = {} for i = 1, 50 do t['f' .. i] = i end t[1] = 'one' t[2.5] = 'x'\n"
                + "local seen, n = {}, 0\n"
                + "for k, v in pairs(t) do n = n + 1 seen[k] = true if type(v) == 'number' then t[k] = v * 2 end end\n"
                + "local ok = n == 52 for i = 1, 50 do ok = ok and seen['f' .. i] and t['f' .. i] == 2 * i end\n"
                + "local m = setmetatable({a = 1}, {__newindex = function() error('not for existing keys') end})\n"
                + "m.a = 2 t.f1 = nil t.f2 = 'two'\n"
                + "print(ok, m.a, t.f1, t.f2, t[2.5], rawget(t, 'f3'))");
        assertThat(h.takeOutput()).isEqualTo("true\t2\tnil\ttwo\tx\t6\n");
    }

    @Test
    void compiledFieldHelpersGiveWhatGetAndSetGive() {
        h.runChunk("plain = {x = 1} cls = {m = 'method'} cls.__index = cls obj = setmetatable({}, cls)\n"
                + "fn = setmetatable({}, {__index = function(t, k) return k .. '?' end})\n"
                + "guarded = setmetatable({}, {__newindex = function(t, k, v) rawset(t, k, v * 10) end})\n"
                + "weak = setmetatable({}, {__mode = 'k'})");
        LuaValue g = h.engine().globals();
        LuaString x = LuaString.valueOf("x");
        LuaString m = LuaString.valueOf("m");
        assertThat(CompiledSupport.getField(g.get("plain"), x).toint()).isEqualTo(1);
        assertThat(CompiledSupport.getField(g.get("plain"), m).isnil()).isTrue();
        assertThat(CompiledSupport.getField(g.get("obj"), m).tojstring()).isEqualTo("method");
        assertThat(CompiledSupport.getField(g.get("fn"), x).tojstring()).isEqualTo("x?");
        assertThat(CompiledSupport.getField(g, LuaString.valueOf("plain"))).isSameAs(g.get("plain"));
        assertThat(CompiledSupport.getField(LuaValue.valueOf("abc"), LuaString.valueOf("len")))
                .isSameAs(LuaValue.valueOf("abc").get("len"));
        assertThatThrownBy(() -> CompiledSupport.getField(LuaValue.NIL, x)).isInstanceOf(LuaError.class);

        CompiledSupport.setField(g.get("plain"), x, LuaValue.valueOf(2)); // existing key
        CompiledSupport.setField(g.get("plain"), m, LuaValue.valueOf(3)); // new key
        CompiledSupport.setField(g.get("guarded"), x, LuaValue.valueOf(4)); // __newindex
        CompiledSupport.setField(g.get("guarded"), x, LuaValue.valueOf(5)); // now raw present
        CompiledSupport.setField(g.get("weak"), x, LuaValue.valueOf(6));
        CompiledSupport.setField(g.get("plain"), x, LuaValue.NIL); // removal
        assertThat(g.get("plain").rawget(x).isnil()).isTrue();
        assertThat(g.get("plain").rawget(m).toint()).isEqualTo(3);
        assertThat(g.get("guarded").rawget(x).toint()).isEqualTo(5);
        assertThat(g.get("weak").rawget(x).toint()).isEqualTo(6);
        assertThatThrownBy(() -> CompiledSupport.setField(LuaValue.NIL, x, LuaValue.TRUE))
                .isInstanceOf(LuaError.class);
    }

    @Test
    void weakTablesKeepLuajsLookup() {
        h.runChunk("w = setmetatable({}, {__mode = 'v'}) keep = {} w.a = keep w.b = 'str' w[keep] = 1\n"
                + "k = setmetatable({}, {__mode = 'k'}) k.name = 'n' k[keep] = 'v'");
        LuaValue w = h.engine().globals().get("w");
        LuaValue k = h.engine().globals().get("k");
        LuaValue keep = h.engine().globals().get("keep");
        assertThat(w.get("a")).isSameAs(keep);
        assertThat(w.get("b").tojstring()).isEqualTo("str");
        assertThat(w.get(keep).toint()).isEqualTo(1);
        assertThat(k.get("name").tojstring()).isEqualTo("n");
        assertThat(k.get(keep).tojstring()).isEqualTo("v");
        assertThat(w.get("missing").isnil()).isTrue();
    }

    @Test
    void indexChainsFollowLuajsStepsAndLimit() {
        LuaTable[] chain = new LuaTable[102];
        for (int i = 0; i < chain.length; i++) {
            chain[i] = new LuaTable();
        }
        for (int i = 0; i + 1 < chain.length; i++) {
            LuaTable mt = new LuaTable();
            mt.set("__index", chain[i + 1]);
            chain[i].setmetatable(mt);
        }
        chain[99].set("at99", LuaValue.valueOf(99));
        chain[100].set("at100", LuaValue.valueOf(100));
        assertThat(TableAccess.get(chain[0], LuaValue.valueOf("at99")).toint()).isEqualTo(99);
        assertThat(chain[0].get("at99").toint()).isEqualTo(99);
        assertThatThrownBy(() -> chain[0].get("at100"))
                .isInstanceOf(LuaError.class)
                .hasMessageContaining("loop in gettable");
        assertThat(chain[1].get("at100").toint()).isEqualTo(100);
        assertThat(chain[101].get("nothing").isnil()).isTrue();
    }

    @Test
    void indexFunctionsGetTheTableTheyWereReachedFromAndNonTablesRaise() {
        LuaTable last = new LuaTable();
        LuaTable lastMt = new LuaTable();
        lastMt.set("__index", new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue self, LuaValue key) {
                return LuaValue.valueOf((self == last ? "last:" : "other:") + key.tojstring());
            }
        });
        last.setmetatable(lastMt);
        LuaTable first = new LuaTable();
        LuaTable firstMt = new LuaTable();
        firstMt.set("__index", last);
        first.setmetatable(firstMt);
        assertThat(first.get("k").tojstring()).isEqualTo("last:k");
        assertThat(last.get("k").tojstring()).isEqualTo("last:k");
        first.set("k", LuaValue.valueOf("own"));
        assertThat(first.get("k").tojstring()).isEqualTo("own");

        LuaTable toNumber = new LuaTable();
        LuaTable mt = new LuaTable();
        mt.set("__index", LuaValue.valueOf(5));
        toNumber.setmetatable(mt);
        assertThatThrownBy(() -> toNumber.get("k")).isInstanceOf(LuaError.class).hasMessageContaining("index");
    }

    @Test
    void fieldsKeepTheirNumberSubtype() {
        h.runChunk("local t = {x = 1.0, y = -0.0, n = 3}\n"
                + "t.x = t.x + 0.5 t.z = 2^53 t.n = t.n + 1\n"
                + "print(math.type(t.x), t.x, 1/t.y, math.type(t.z), math.type(t.n), t.n)\n"
                + "t.x = 7 print(math.type(t.x)) t.x = 7.0 print(math.type(t.x))");
        assertThat(h.takeOutput()).isEqualTo("float\t1.5\t-inf\tfloat\tinteger\t4\ninteger\nfloat\n");
    }
}
