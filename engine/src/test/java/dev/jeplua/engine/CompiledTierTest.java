package dev.jeplua.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.LuaEngine.ExecOptions;
import dev.jeplua.engine.api.EngineConfig;
import dev.jeplua.engine.compile.CompileMode;
import dev.jeplua.engine.session.Session;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.luaj.vm2.CompiledClosure;

/**
 * The compiled tier (docs/compiled-tier.md) against the interpreter: same error positions and
 * tracebacks, interruption of compiled loops, yields across compiled frames, the fallback while a
 * debug hook is set.
 */
@Timeout(60)
class CompiledTierTest {
    private LuaEngine compiled;
    private LuaEngine interpreted;

    private static LuaEngine engine(boolean compile) {
        String before = System.getProperty(CompileMode.PROPERTY);
        System.setProperty(CompileMode.PROPERTY, compile ? "on" : "off");
        try {
            LuaEngine e = new LuaEngine(new EngineConfig().stdout(false));
            e.start();
            return e;
        } finally {
            if (before == null) {
                System.clearProperty(CompileMode.PROPERTY);
            } else {
                System.setProperty(CompileMode.PROPERTY, before);
            }
        }
    }

    @AfterEach
    void stop() {
        if (compiled != null) {
            compiled.close();
        }
        if (interpreted != null) {
            interpreted.close();
        }
    }

    private static ExecutionResult run(LuaEngine e, String code, long timeoutMs) throws Exception {
        return e.execute(code, new ExecOptions("=test", null, timeoutMs, false)).get(30, TimeUnit.SECONDS);
    }

    private static final String FAILING = String.join(
            "\n",
            "local function inner(t, n)",
            "  local x = t.missing",
            "  return x.field + n",
            "end",
            "local function middle(t) local r = inner(t, 1) return r end",
            "function outer() return (middle({})) end",
            "local ok, err = pcall(outer)",
            "print(err)",
            "print(select(2, xpcall(outer, debug.traceback)))",
            "local function arith(a) return a + {} end",
            "print(select(2, pcall(arith, 1)))",
            "local function lvl() error('deep', 2) end",
            "local function caller() lvl() end",
            "print(select(2, pcall(caller)))",
            "for i = 1, 3 do if i == 3 then undefinedGlobal() end end");

    @Test
    void errors_from_compiled_code_carry_the_interpreters_positions_and_tracebacks() throws Exception {
        compiled = engine(true);
        interpreted = engine(false);
        ExecutionResult.Error c = (ExecutionResult.Error) run(compiled, FAILING, 0);
        ExecutionResult.Error i = (ExecutionResult.Error) run(interpreted, FAILING, 0);
        assertThat(c.output()).isEqualTo(i.output());
        assertThat(c.message()).isEqualTo(i.message()).startsWith("test:15: ");
        assertThat(c.traceback()).isEqualTo(i.traceback());
        assertThat(c.output())
                .contains("test:3: attempt to index a nil value (local 'x')")
                .contains("test:10: attempt to perform arithmetic on a table value")
                .contains("test:13: deep")
                .contains("test:3: in ")
                .contains("test:5: in ");
        assertThat(compiled.globals().get("outer"))
                .isInstanceOfSatisfying(
                        CompiledClosure.class, f -> assertThat(f.isCompiled()).isTrue());
        assertThat(interpreted.globals().get("outer")).isNotInstanceOf(CompiledClosure.class);
    }

    @Test
    void a_compiled_endless_loop_is_stopped_by_the_timeout_and_by_an_interrupt() throws Exception {
        compiled = engine(true);
        assertThat(run(compiled, "local function spin() while true do end end spin()", 300))
                .isInstanceOf(ExecutionResult.Timeout.class);
        assertThat(run(compiled, "for i = 1, math.huge do local x = i * 2 end", 300))
                .isInstanceOf(ExecutionResult.Timeout.class);
        Session s = compiled.openSession("test", "local", null);
        CompletableFuture<ExecutionResult> spin =
                compiled.execute("local n = 0 while true do n = n + 1 end", ExecOptions.repl("=spin", s.context()));
        compiled.interrupt(s.context(), "interrupted");
        assertThat(spin.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionResult.Interrupted.class);
        assertThat(((ExecutionResult.Ok) run(compiled, "return 3", 0)).values()).containsExactly(3L);
    }

    @Test
    void coroutines_yield_across_compiled_frames() throws Exception {
        compiled = engine(true);
        String code = String.join(
                "\n",
                "local function deep(n, x) if n == 0 then return coroutine.yield(x) end return deep(n - 1, x) + 0 end",
                "local co = coroutine.wrap(function(a)",
                "  local out = {}",
                "  for i = 1, 3 do out[#out + 1] = deep(5, a + i) end",
                "  return table.concat(out, ',')",
                "end)",
                "local r = {co(10), co(1), co(2), co(3)}",
                "return table.concat(r, ' ')");
        assertThat(((ExecutionResult.Ok) run(compiled, code, 0)).values()).containsExactly("11 12 13 1,2,3");
    }

    @Test
    void a_debug_hook_makes_compiled_functions_run_interpreted() throws Exception {
        compiled = engine(true);
        interpreted = engine(false);
        String code = String.join(
                "\n",
                "local function f(n)",
                "  local s = 0",
                "  for i = 1, n do s = s + i end",
                "  return s",
                "end",
                "f(2)",
                "local lines = {}",
                "debug.sethook(function(_, l) if l <= 4 then lines[#lines + 1] = l end end, 'l')",
                "f(2)",
                "debug.sethook()",
                "return table.concat(lines, ',')");
        Object c = ((ExecutionResult.Ok) run(compiled, code, 0)).values();
        Object i = ((ExecutionResult.Ok) run(interpreted, code, 0)).values();
        assertThat(c).isEqualTo(i);
        assertThat(c.toString()).contains("2,3,4");
    }
}
