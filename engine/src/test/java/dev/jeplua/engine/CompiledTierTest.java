package dev.jeplua.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.LuaEngine.ExecOptions;
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
        return CompileModeEngines.engine(compile);
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

    /** Metamethods and errors of instructions that record their position only off their fast path. */
    private static final String OFF_FAST_PATH = String.join(
            "\n",
            "local mt = {}",
            "mt.__add = function(a, b) return debug.getinfo(2, 'l').currentline end",
            "mt.__index = function(t, k) return debug.getinfo(2, 'l').currentline end",
            "mt.__newindex = function(t, k, v) rawset(t, 'seen', debug.getinfo(2, 'l').currentline) end",
            "mt.__lt = function(a, b) ltLine = debug.getinfo(2, 'l').currentline return true end",
            "mt.__eq = function(a, b) eqLine = debug.getinfo(2, 'l').currentline return true end",
            "local function f(o, p)",
            "  local x = 1 + 2.5",
            "  local a = o + x",
            "  local y = x * 2",
            "  local b = o.field",
            "  local z = y - 1",
            "  o.other = z",
            "  local lt = o < p",
            "  local w = z / 2",
            "  local eq = o == p",
            "  local t = {k = 1}",
            "  local c = t.k + w",
            "  local d = t.nope",
            "  local ok1, e1 = pcall(function() local n = t.k return n.deeper end)",
            "  local ok2, e2 = pcall(function() local q = w + 1 return q < 'x' end)",
            "  local ok3, e3 = pcall(function() local q = w * 2 return t.k + 'x' end)",
            "  return a, b, rawget(o, 'seen'), ltLine, eqLine, c, d, e1, e2, e3",
            "end",
            "print(f(setmetatable({}, mt), setmetatable({}, mt)))");

    @Test
    void instructions_off_their_fast_path_show_their_own_line_to_metamethods_and_errors() throws Exception {
        compiled = engine(true);
        interpreted = engine(false);
        ExecutionResult.Ok c = (ExecutionResult.Ok) run(compiled, OFF_FAST_PATH, 0);
        ExecutionResult.Ok i = (ExecutionResult.Ok) run(interpreted, OFF_FAST_PATH, 0);
        assertThat(c.output()).isEqualTo(i.output());
        // lua5.4 prints the same (its chunk name aside)
        assertThat(c.output().strip())
                .isEqualTo("9\t11\t13\t14\t16\t4.0\tnil\ttest:20: attempt to index a number value (local 'n')"
                        + "\ttest:21: attempt to compare number with string"
                        + "\ttest:22: attempt to add a 'number' with a 'string'");
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

    /** Operations with a fast path in compiled code (numbers, calls, constants) and their slow cases. */
    private static final String FAST_PATHS = String.join(
            "\n",
            "local out = {}",
            "local function put(...) local t = table.pack(...) for i = 1, t.n do out[#out + 1] = tostring(t[i]) end end",
            "local function ty(x) return math.type(x) or type(x) end",
            "local big, i31 = math.maxinteger, 2147483647",
            "put(big + 1 == math.mininteger, i31 + 1, ty(i31 + 1), -(-2147483648), ty(-(-2147483648)))",
            "put(i31 * i31, -i31 - 2, ty(-i31 - 2), math.mininteger - 1 == big)",
            "put(1 == 1.0, ty(1 + 1.0), ty(2 * 3), 3 / 2, ty(4 / 2), 7 // 2, -7 // 2, 7 // -2, 7.5 // 2)",
            "put(7 % 3, -7 % 3, 7 % -3, -7 % -3, 7.5 % 2, -7.5 % 2, 5 % math.huge, -5 % math.huge)",
            "put(1 / 0, -1 / 0, 0 / 0 ~= 0 / 0, 1 % 0.0, 3 < 3.5, 3.5 <= 3, 2^53 == 2^53 + 1, 1 < 2, 2 <= 2)",
            "put(pcall(function(a, b) return a % b end, 1, 0))",
            "put(pcall(function(a, b) return a // b end, 1, 0))",
            "put('10' + 1, ty('10' + 1), '3.0' + 1, '0x10' * 2, -'2', 10 - '4', '9' / '3')",
            "put(pcall(function(a) return a + 1 end, 'x'))",
            "local mt = {__add = function(a, b) return 'add' end, __lt = function(a, b) return true end,",
            "  __le = function() return false end, __eq = function() return true end, __unm = function() return 'unm' end,",
            "  __index = function(t, k) return k .. '!' end, __newindex = function(t, k, v) rawset(t, k, v * 2) end,",
            "  __call = function(self, a, b) return (a or 0) + (b or 0) end, __mod = function() return 'mod' end}",
            "local a, b = setmetatable({}, mt), setmetatable({}, mt)",
            "put(a + 1, 1 + a, a < b, a <= b, a == b, -a, a % 2, a.key, a(1, 2), a(5))",
            "a.n = 4 put(rawget(a, 'n'))",
            "for i = 1, 3 do put(i) end",
            "for i = 3, 1, -1 do put(i) end",
            "for i = 1, 2, 0.5 do put(i) end",
            "for i = big - 2, big do put(i) end",
            "for i = math.mininteger, math.mininteger + 2 do put(i - math.mininteger) end",
            "for i = 1.0, 3 do put(ty(i)) end",
            "local function counter() local n = 0 return function() n = n + 1 return n end end",
            "local c = counter() c() put(c(), c())",
            "local fs = {} for i = 1, 3 do fs[i] = function() return i end end put(fs[1](), fs[3]())",
            "local function two(x, y) return x, y end",
            "local function none() end",
            "put(two(1), two(1, 2, 3), (two(4, 5)), none(), select('#', none()))",
            "local function va(...) return select('#', ...) end",
            "put(va(), va(1), va(1, nil), va(1, 2, 3))",
            "local function tail(n) if n == 0 then return 'done' end return tail(n - 1) end",
            "put(tail(100000))",
            "local interp = load('local x = ... return x * 2', 'i', 't', {})",
            "put(interp(21))",
            "local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end",
            "put(fib(20))",
            "local function peek() local name, value = debug.getlocal(2, 1) return name .. '=' .. tostring(value) end",
            "local function holder(v) local w = v * 2 local r = peek() return r end",
            "put(holder(21))",
            "print(table.concat(out, ' '))");

    @Test
    void fast_paths_give_the_interpreters_results() throws Exception {
        compiled = engine(true);
        interpreted = engine(false);
        ExecutionResult.Ok c = (ExecutionResult.Ok) run(compiled, FAST_PATHS, 0);
        ExecutionResult.Ok i = (ExecutionResult.Ok) run(interpreted, FAST_PATHS, 0);
        assertThat(c.output()).isEqualTo(i.output());
        // lua5.4 prints the same (its chunk name aside)
        assertThat(c.output().strip())
                .isEqualTo("true 2147483648 integer 2147483648 integer 4611686014132420609 -2147483649 integer true tr"
                        + "ue float integer 1.5 float 3 -4 -4 3.0 1 2 -2 -1 1.5 0.5 5.0 inf inf -inf true -nan true f"
                        + "alse true true true false test:10: attempt to perform 'n%0' false test:11: attempt to divi"
                        + "de by zero 11 integer 4.0 32 -2 6 3.0 false test:13: attempt to add a 'string' with a 'num"
                        + "ber' add add true false true unm mod key! 3 5 8 1 2 3 3 2 1 1.0 1.5 2.0 922337203685477580"
                        + "5 9223372036854775806 9223372036854775807 0 1 2 float float float 2 3 1 3 1 1 4 nil 0 0 1 "
                        + "2 3 done 42 6765 v=21");
    }

    /**
     * Registers kept in JVM locals (docs/compiled-tier.md): named locals seen and changed by
     * {@code debug.getlocal}/{@code debug.setlocal} from callees, closures over locals (in loops
     * too), swaps, varargs, concatenation, table constructors, both {@code for} loops, errors
     * naming locals, coroutines yielding with locals live, deep recursion.
     */
    private static final String LOCALS = String.join(
            "\n",
            "local out = {}",
            "local function put(...) local t = table.pack(...) for i = 1, t.n do out[#out + 1] = tostring(t[i]) end end",
            "-- getlocal / setlocal on a compiled caller at calls",
            "local function peek(n) local name, value = debug.getlocal(3, n) return name .. '=' .. tostring(value) end",
            "local function poke(n, v) return debug.setlocal(3, n, v) end",
            "local function viewer(n) local r = peek(n) return r end",
            "local function setter(n, v) local r = poke(n, v) return r end",
            "local function holder(v)",
            "  local w = v * 2",
            "  local acc = 0",
            "  for i = 1, 3 do",
            "    acc = acc + i",
            "    put(viewer(3), viewer(7), viewer(2))",
            "  end",
            "  put(setter(2, 100), w)",
            "  local x, y = 1, 2",
            "  put(setter(5, 'changed'), x, y)",
            "  for k = 1, 3 do",
            "    if k == 2 then setter(9, 10) end",
            "    put(k)",
            "  end",
            "  return w + acc",
            "end",
            "put(holder(21))",
            "-- swaps and multiple assignment",
            "local a, b, c = 1, 2, 3",
            "a, b = b, a",
            "put(a, b)",
            "a, b, c = c, a, b",
            "put(a, b, c)",
            "-- closures capturing locals in loops",
            "local fs = {}",
            "for i = 1, 3 do local j = i * 10 fs[i] = function() j = j + 1 return i, j end end",
            "put(fs[1](), fs[1](), fs[3]())",
            "local k = 0",
            "local function inc() k = k + 1 end",
            "inc() inc() put(k)",
            "local n = 0",
            "while n < 5 do local m = n fs[#fs+1] = function() return m end n = n + 1 end",
            "put(fs[4](), fs[8]())",
            "-- varargs",
            "local function va(...) local p, q = ... local r = select('#', ...) return r, p, q, ... end",
            "put(va()) put(va(1)) put(va(1, nil, 3))",
            "local function pack2(...) return {...}, select('#', ...) end",
            "local t, cnt = pack2(1, 2, nil)",
            "put(#t, cnt)",
            "-- concat chains, setlist",
            "local s1, s2, s3 = 'a', 'b', 1",
            "put(s1 .. s2 .. s3 .. 2.5, s1 .. s2)",
            "local big = {1, 2, 3, s1, s2, s3, va(7, 8)}",
            "put(#big, big[7], big[8], big[9], big[10])",
            "-- generic for",
            "local sum = 0",
            "for key, val in ipairs({5, 6, 7}) do sum = sum + key * val end",
            "put(sum)",
            "for key, val in pairs({x = 1}) do put(key, val) end",
            "-- numeric for with floats, negative steps",
            "for i = 1, 2, 0.5 do put(i) end",
            "for i = 3, 1, -1 do put(i) end",
            "put(pcall(function() for i = 1, 'x' do end end))",
            "put(pcall(function() for i = 1, 10, 0 do end end))",
            "-- errors with local names",
            "put(pcall(function() local xx = nil return xx.field end))",
            "put(pcall(function() local yy = {} return yy + 1 end))",
            "put(pcall(function() local zz = 'a' return #zz + zz.q.r end))",
            "put(select(2, pcall(function() local ff return ff() end)))",
            "put(select(2, pcall(string.rep)))",
            "-- getlocal on main-level locals of this frame",
            "local function here() local me = 'me' local n1, v1 = debug.getlocal(1, 1) return n1, v1 end",
            "put(here())",
            "-- coroutine with live locals",
            "local co = coroutine.wrap(function(x)",
            "  local acc2 = x",
            "  for i = 1, 3 do acc2 = acc2 + coroutine.yield(acc2) end",
            "  return acc2 * 2",
            "end)",
            "put(co(1), co(10), co(100), co(1000))",
            "print(table.concat(out, ' '))");

    private static final String EXPECTED_LOCALS =
            "acc=1 i=1 w=42 acc=3 i=2 w=42 acc=6 i=3 w=42 w 100 y 1 changed 1 10 3 106 2 1 3 2 1 1 1 3 31 2 0"
                    + " 4 0 nil nil 1 1 nil 1 3 1 nil 1 nil 3 2 3 ab12.5 ab 11 2 7 8 7 38 x 1 1.0 1.5 2.0 3 2 1 false t"
                    + "est:60: bad 'for' limit (number expected, got string) false test:61: 'for' step is zero false te"
                    + "st:63: attempt to index a nil value (local 'xx') false test:64: attempt to perform arithmetic on"
                    + " a table value (local 'yy') false test:65: attempt to index a nil value (field 'q') test:66: att"
                    + "empt to call a nil value (local 'ff') bad argument #1 to 'string.rep' (string expected, got no v"
                    + "alue) me me 1 11 111 2222";

    @Test
    void registers_in_jvm_locals_give_the_interpreters_results() throws Exception {
        compiled = engine(true);
        interpreted = engine(false);
        ExecutionResult.Ok c = (ExecutionResult.Ok) run(compiled, LOCALS, 0);
        ExecutionResult.Ok i = (ExecutionResult.Ok) run(interpreted, LOCALS, 0);
        assertThat(c.output()).isEqualTo(i.output());
        // lua5.4 prints the same (its chunk name aside)
        assertThat(c.output().strip()).isEqualTo(EXPECTED_LOCALS);
    }

    /**
     * Direct calls of functions whose register array is reused by the next call at the same depth
     * (docs/compiled-tier.md, "Register arrays reused"): a value only a returned frame's array held
     * is collected, {@code debug.getlocal}/{@code debug.setlocal} at such calls, errors and
     * tracebacks through them, deep recursion and a stack overflow caught by {@code pcall} (the
     * call stack stays consistent after it), coroutines suspended at the same depth.
     */
    private static final String REUSED = String.join(
            "\n",
            "local out = {}",
            "local function put(...) for i = 1, select('#', ...) do out[#out + 1] = tostring((select(i, ...))) end end",
            "local log = {}",
            "local mt = {__gc = function(o) log[#log + 1] = o.name end}",
            "local function use(t) return t.name end",
            "local function holder(name) local t = setmetatable({name = name}, mt) local n = use(t) return #n end",
            "local function deeper(k) if k == 0 then return holder('deep') end return deeper(k - 1) + 0 end",
            "put(holder('a'), deeper(5), holder('bb'))",
            "collectgarbage()",
            "table.sort(log)",
            "put(table.concat(log, ','))",
            "local function probe()",
            "  local n1, v1 = debug.getlocal(2, 1)",
            "  local n2, v2 = debug.getlocal(2, 2)",
            "  debug.setlocal(2, 2, v2 * 10)",
            "  return n1 .. '=' .. tostring(v1) .. ',' .. n2 .. '=' .. tostring(v2)",
            "end",
            "local function f(a) local b = a + 1 local s = probe() return s .. ';' .. b end",
            "put(f(1), f(2))",
            "local function boom(n) if n == 0 then local x = nil return x.y end return boom(n - 1) + 1 end",
            "put(select(2, xpcall(boom, debug.traceback, 2)))",
            "put(select(2, pcall(boom, 0)))",
            "local function depth(n) if n == 0 then return 0 end return depth(n - 1) + 1 end",
            "put(depth(50000))",
            "local function inf(n) return inf(n + 1) + 1 end",
            "local ok, err = pcall(inf, 1)",
            "put(ok, err:find('stack overflow') ~= nil)",
            "put(depth(10), holder('after'), (debug.traceback('tb'):gsub('\\n', '|')))",
            "local function leaf(x) coroutine.yield(x) return x + 1 end",
            "local function mid(x) local r = leaf(x) return r * 2 end",
            "local c1 = coroutine.wrap(function() return mid(1) end)",
            "local c2 = coroutine.wrap(function() return mid(10) end)",
            "put(c1(), c2(), c1(), c2())",
            "print(table.concat(out, ' '))");

    @Test
    void direct_calls_reusing_register_arrays_give_the_interpreters_results() throws Exception {
        compiled = engine(true);
        interpreted = engine(false);
        ExecutionResult.Ok c = (ExecutionResult.Ok) run(compiled, REUSED, 0);
        ExecutionResult.Ok i = (ExecutionResult.Ok) run(interpreted, REUSED, 0);
        assertThat(c.output()).isEqualTo(i.output());
        assertThat(c.output().strip())
                .startsWith("1 4 2 a,bb,deep a=1,b=2;20 a=2,b=3;30 test:20: attempt to index a nil value (local 'x')")
                .contains("test:20: attempt to index a nil value (local 'x') 50000 false true 10 5 tb|stack traceback:")
                .endsWith(" 1 10 4 22");
    }

    /**
     * Session 26's smaller bodies: self-recursive functions (local and global, whose bodies are
     * padded past C2's inline size), comparisons whose jump is folded into them, errors naming a
     * parameter that is current in the register array (no copy in the handler) and one that was
     * written, unreachable instructions, and {@code debug.setlocal} from callees on frames with one
     * and with several named locals, before and after the first {@code setlocal} of the JVM
     * ({@code LocalsWatch.used}).
     */
    private static final String SMALLER = String.join(
            "\n",
            "local out = {}",
            "local function put(...) for i = 1, select('#', ...) do out[#out + 1] = tostring((select(i, ...))) end end",
            "local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end",
            "function gfib(n) if n < 2 then return n end return gfib(n - 1) + gfib(n - 2) end",
            "put(fib(20), gfib(15), fib(2.5), pcall(fib, {}))",
            "local function down(n, t) if n == 0 then return t + 1 end return down(n - 1, t) end",
            "put(select(2, pcall(down, 3, {})))",
            "local function written(n, t) t = t or n return n + t end",
            "put(written(1, false), select(2, pcall(written, 1, {})))",
            "local function cmp(a, b)",
            "  if a < b then return 'lt' elseif a == b then return 'eq' end",
            "  if not a then return 'nil' end",
            "  if a and b >= 3 then return 'ge3' end",
            "  return 'gt'",
            "end",
            "put(cmp(1, 2), cmp(2, 2), cmp(3, 2), cmp(4, 3), select(2, pcall(cmp, 1, 'x')))",
            "local function early(x) do return x * 2 end end",
            "put(early(21))",
            "local function setter(level, i, v) debug.setlocal(level + 1, i, v) end",
            "local function plain(a) local b = fib(3) return a + b end",
            "put(plain(1))",
            "local function one(a) setter(1, 1, 42) return a end",
            "local function two(a) local b = a + 1 setter(1, 2, b * 100) local c = a + b return c end",
            "put(one(1), two(1), plain(1))",
            "local function after(x) local y = x * 2 local z = fib(5) y = y + z return x + y + z end",
            "put(after(3), fib(10), gfib(10))",
            "print(table.concat(out, ' '))");

    @Test
    void smaller_bodies_and_recursive_functions_give_the_interpreters_results() throws Exception {
        compiled = engine(true);
        interpreted = engine(false);
        // the state before any debug.setlocal of the JVM (set only by setlocal, never reset
        // otherwise): call sites then skip reading their locals back
        dev.jeplua.engine.compile.LocalsWatch.used = false;
        ExecutionResult.Ok c = (ExecutionResult.Ok) run(compiled, SMALLER, 0);
        assertThat(dev.jeplua.engine.compile.LocalsWatch.used).isTrue();
        ExecutionResult.Ok c2 = (ExecutionResult.Ok) run(compiled, SMALLER, 0);
        ExecutionResult.Ok i = (ExecutionResult.Ok) run(interpreted, SMALLER, 0);
        assertThat(c.output()).isEqualTo(i.output());
        assertThat(c2.output()).isEqualTo(i.output());
        assertThat(c.output().strip())
                .isEqualTo("6765 610 2.0 false test:3: attempt to compare table with number"
                        + " test:6: attempt to perform arithmetic on a table value (local 't')"
                        + " 2 test:8: attempt to perform arithmetic on a table value (local 't')"
                        + " lt eq gt ge3 test:11: attempt to compare number with string 42 3 42 201 3 19 55 55");
    }

    /**
     * Arithmetic expression trees computed unboxed (docs/compiled-tier.md, session 25) and table
     * items read and written in the array part directly: floats, integers (wrapping), mixes,
     * {@code -0.0}, NaN, infinities, string coercion, metamethods called in the interpreter's
     * order, errors naming the operand, operand types changing inside a loop, array reads and
     * writes with holes, float keys, metatables, weak tables, nil and NaN keys, integer loops,
     * fields read by another chunk (its key constants are other string objects).
     */
    private static final String TREES = String.join(
            "\n",
            "local out = {}",
            "local function put(...) local t = table.pack(...) for i = 1, t.n do out[#out + 1] = tostring(t[i]) end end",
            "local function tree(x, y, z) local d = x*x + y*y - z*z return d, -x * 0.5 + y / z, (x + y) * 2 - z, x / y / z end",
            "put(tree(1.5, 2.5, 3.5)) put(tree(1, 2, 3)) put(tree(1, 2.0, 3)) put(tree(0.0, -0.0, 1.0))",
            "put(tree(0, 0, 0)) put(tree(1e308, 1e308, 1)) put(tree(math.maxinteger, 3, 2)) put(tree(2^53, 1, 1))",
            "put(math.type((tree(1, 2, 3))), math.type((tree(1.0, 2, 3))), math.type(select(3, tree(1, 2, 3))))",
            "put(pcall(tree, '10', 1, 2)) put(pcall(tree, 1, nil, 2)) put(pcall(tree, 1, 2, {}))",
            "local function A(i, j) local ij = i + j - 1 return 1.0 / (ij * (ij - 1) * 0.5 + i) end",
            "put(A(1, 1), A(3, 4), A(100000, 100000), A(2^31, 2), math.type(A(2, 2)))",
            "local function ints(a, b) return a * b + a - b * 3, -a - b, (a + 1) * (b - 1) end",
            "put(ints(7, 5)) put(ints(2147483647, 2)) put(ints(math.mininteger, -1)) put(ints(7.5, 5)) put(ints(7, 5.5))",
            "local seen = {}",
            "local mt = {}",
            "for _, ev in ipairs({'add', 'sub', 'mul', 'div', 'unm'}) do",
            "  mt['__' .. ev] = function(p, q) seen[#seen + 1] = ev return 10 end",
            "end",
            "local obj = setmetatable({}, mt)",
            "put(tree(obj, 1, 2)) put(table.concat(seen, ','))",
            "seen = {}",
            "put(ints(2, obj)) put(table.concat(seen, ','))",
            "local function nbody(bs, dt)",
            "  for i = 1, #bs do",
            "    local bi = bs[i]",
            "    for j = i + 1, #bs do",
            "      local bj = bs[j]",
            "      local dx, dy = bi.x - bj.x, bi.y - bj.y",
            "      local d2 = dx*dx + dy*dy",
            "      local mag = dt / (d2 * math.sqrt(d2))",
            "      bi.vx, bi.vy = bi.vx - dx * bj.m * mag, bi.vy - dy * bj.m * mag",
            "      bj.vx, bj.vy = bj.vx + dx * bi.m * mag, bj.vy + dy * bi.m * mag",
            "    end",
            "  end",
            "  for _, b in ipairs(bs) do b.x, b.y = b.x + dt * b.vx, b.y + dt * b.vy end",
            "end",
            "local bs = {{x = 0, y = 0, vx = 0, vy = 0, m = 10}, {x = 1, y = 0.5, vx = 0, vy = 1, m = 1}, {x = -2, y = 1, vx = 0.5, vy = 0, m = 2}}",
            "for _ = 1, 100 do nbody(bs, 0.01) end",
            "for _, b in ipairs(bs) do put(string.format('%.12f %.12f %s', b.x, b.vy, math.type(b.vx))) end",
            "bs[2].x = 'oops'",
            "put(select(2, pcall(nbody, bs, 0.01)))",
            "local acc = 0",
            "local vals = {1, 2.5, '3', 4, 2^62, -0.0}",
            "for i = 1, #vals do acc = acc * 2 + vals[i] * 1 end",
            "put(acc, math.type(acc))",
            "local t = {10, 20, 30, nil, 50}",
            "put(t[1], t[3], t[4], t[5], t[6], t[0], t[-1], t[1.0], t[2^40])",
            "t[4] = 40 t[2] = nil t[6] = 60 t[1.0] = 11 t[0] = 0",
            "put(t[1], t[2], t[4], t[6], t[0], #t >= 1)",
            "local idx = setmetatable({1, 2}, {__index = function(_, k) return 'idx' .. k end, __newindex = function(tt, k, v) rawset(tt, k, v * 2) end})",
            "put(idx[1], idx[3], idx[2.0]) idx[3] = 5 idx[1] = 7 put(idx[3], idx[1])",
            "local arr = {}",
            "for i = 1, 10 do arr[i] = i * i end",
            "for i = 1, 10 do arr[i] = arr[i] + (arr[i - 1] or 0) end",
            "put(arr[10], #arr)",
            "put(pcall(function() local nt = nil return nt[1] end))",
            "put(pcall(function() local tt = {} tt[nil] = 1 end))",
            "put(pcall(function() local tt = {} tt[0/0] = 1 end))",
            "put(pcall(function() local s = 'abc' return s[1] end))",
            "local weak = setmetatable({}, {__mode = 'v'})",
            "weak[1] = bs weak.k = bs",
            "put(weak[1] == bs, weak.k == bs)",
            "for i = math.maxinteger - 2, math.maxinteger do put(i) end",
            "for i = 3, 1, -1 do put(i) end",
            "put(pcall(function() for i = 1, 10, 0 do end end))",
            "local n = 0",
            "for i = 1, 3 do for j = i, 3 do n = n + i * j end end",
            "put(n)",
            "local other = load(\"return function(p) p.x = p.x + p.y * 2 return p.x, p.missing, math.sqrt(p.y) end\")()",
            "local pt = {x = 1.5, y = 4, z = 0}",
            "for k = 1, 20 do pt['k' .. k] = k end",
            "put(other(pt)) put(other(pt)) put(pt.k7, pt.k20, pt.k21)",
            "put(pcall(other, {x = 1}))",
            "print(table.concat(out, ' '))");

    @Test
    void expression_trees_and_table_items_give_the_interpreters_results() throws Exception {
        compiled = engine(true);
        interpreted = engine(false);
        ExecutionResult.Ok c = (ExecutionResult.Ok) run(compiled, TREES, 0);
        ExecutionResult.Ok i = (ExecutionResult.Ok) run(interpreted, TREES, 0);
        assertThat(c.output()).isEqualTo(i.output());
        // lua5.4 prints the same (its chunk name aside)
        assertThat(c.output().strip())
                .isEqualTo(
                        "-3.75 -0.035714285714286 4.5 0.17142857142857 -4 0.16666666666667 3 0.16666666666667 -4.0 0.1666"
                                + "6666666667 3.0 0.16666666666667 -1.0 -0.0 -1.0 -nan 0 -nan 0 -nan inf 5e+307 inf 1.0 6 -4.611686"
                                + "0184274e+18 2 1.5372286728091e+18 8.1129638414607e+31 -4.5035996273705e+15 1.8014398509482e+16 9"
                                + ".007199254741e+15 integer float integer true 97 -4.5 20 5.0 false test:3: attempt to perform ari"
                                + "thmetic on a nil value (local 'y') false test:3: attempt to perform arithmetic on a table value "
                                + "(local 'z') 1.0 0.055555555555556 5.00005000025e-11 4.3368086838836e-19 float 27 -12 32 64424509"
                                + "35 -2147483649 2147483648 3 -9223372036854775807 -2 30.0 -12.5 34.0 29.0 -12.5 36.0 7 5.5 18 5.0"
                                + " mul,unm,add,div 2 10 30 mul,mul,sub,sub -0.241644649501 -0.063473004167 float 0.312213026521 -1"
                                + "0.303508415503 float 0.052116734244 5.969119228588 float test:26: attempt to sub a 'number' with"
                                + " a 'string' 9.2233720368548e+18 float 10 30 nil 50 nil nil nil 10 nil 11 nil 40 60 0 true 1 idx3"
                                + " 2 10 7 385 10 false test:54: attempt to index a nil value (local 'nt') false test:55: table ind"
                                + "ex is nil false test:56: table index is NaN true nil true true 9223372036854775805 9223372036854"
                                + "775806 9223372036854775807 3 2 1 false test:63: 'for' step is zero 25 9.5 nil 2.0 17.5 nil 2.0 7"
                                + " 20 nil false [string \"return function(p) p.x = p.x + p.y * 2 return...\"]:1: attempt to perform "
                                + "arithmetic on a nil value (field 'y')");
    }

    @Test
    void a_function_too_large_for_the_jvm_falls_back_and_many_locals_stay_compiled() throws Exception {
        compiled = engine(true);
        String code = String.join(
                "\n",
                "local src = {'local x = 0'}",
                "for i = 1, 9000 do src[#src + 1] = 'x = x + ' .. i end",
                "src[#src + 1] = 'return x'",
                "huge = load(table.concat(src, '\\n'))",
                "local names, values = {}, {}",
                "for i = 1, 190 do names[i] = 'a' .. i values[i] = tostring(i) end",
                "many = load('local ' .. table.concat(names, ', ') .. ' = ' .. table.concat(values, ', ')",
                "  .. ' local function f() return a1 + a190 end return f() + a95, debug.getlocal(1, 190)')",
                "return huge(), many()");
        ExecutionResult.Ok r = (ExecutionResult.Ok) run(compiled, code, 0);
        assertThat(r.values()).containsExactly(40504500L, 286L, "a190", 190L);
        assertThat(compiled.globals().get("huge"))
                .isInstanceOfSatisfying(
                        CompiledClosure.class, f -> assertThat(f.isCompiled()).isFalse());
        assertThat(compiled.globals().get("many"))
                .isInstanceOfSatisfying(
                        CompiledClosure.class, f -> assertThat(f.isCompiled()).isTrue());
    }
}
