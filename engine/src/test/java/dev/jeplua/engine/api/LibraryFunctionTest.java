package dev.jeplua.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jeplua.engine.ExecutionResult;
import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.LuaEngine.ExecOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/** {@link LibraryFunction}: one body serving several numbered functions, each with its Lua name. */
@Timeout(60)
class LibraryFunctionTest {
    private LuaEngine engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void each_function_reaches_the_body_with_its_number_and_its_arguments() {
        List<String> calls = new ArrayList<>();
        LibraryFunction.Body body = (index, args) -> {
            calls.add(index + ":" + args.narg() + ":" + args.arg1().tojstring());
            return LuaValue.valueOf(index * 10);
        };
        LuaTable t = new LuaTable();
        LibraryFunction first = LibraryFunction.define(t, "first", 0, body);
        LibraryFunction.define(t, "second", 1, body);

        assertThat(t.get("first")).isSameAs(first);
        assertThat(t.get("first").call(LuaValue.valueOf("a")).toint()).isEqualTo(0);
        assertThat(t.get("second")
                        .invoke(LuaValue.varargsOf(LuaValue.valueOf("b"), LuaValue.valueOf(2)))
                        .arg1()
                        .toint())
                .isEqualTo(10);
        assertThat(calls).containsExactly("0:1:a", "1:2:b");
        assertThat(first.tojstring()).contains("first");
    }

    @Test
    void argument_errors_and_tracebacks_name_the_lua_function() throws Exception {
        LibraryFunction.Body body = (index, args) -> {
            Varargs r = LuaValue.valueOf(args.checkint(1) + index);
            return r;
        };
        engine = LuaEngine.builder(new EngineConfig().stdout(false))
                .library((context, globals) -> {
                    LuaTable lib = new LuaTable();
                    LibraryFunction.define(lib, "plusZero", 0, body);
                    LibraryFunction.define(lib, "plusOne", 1, body);
                    globals.set("lib", lib);
                })
                .build();
        engine.start();
        ExecutionResult r = engine.execute(
                        "print(lib.plusOne(1), pcall(lib.plusZero, 'x'))\nlib.plusOne({})",
                        new ExecOptions("=test", null, 0, false))
                .get(30, TimeUnit.SECONDS);
        ExecutionResult.Error e = (ExecutionResult.Error) r;
        // two functions of one body, each reported under its own name
        assertThat(e.output()).isEqualTo("2\tfalse\tbad argument #1 to 'lib.plusZero' (number expected, got string)\n");
        assertThat(e.message()).isEqualTo("test:2: bad argument #1 to 'plusOne' (number expected, got table)");
        assertThat(e.traceback()).contains("[C]: in field 'plusOne'").contains("test:2: in main chunk");
    }
}
