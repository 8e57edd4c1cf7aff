package dev.jeplua.store;

import dev.jeplua.engine.ExecutionResult;
import dev.jeplua.engine.LuaEngine;
import dev.jeplua.engine.api.EngineConfig;
import java.nio.file.Path;

/**
 * A separate JVM running a real engine on a store file, started by {@link StoreProcessTest}:
 * <pre>
 * writer FILE   every 1 ms: t.n = i, t["k"..i] = i, t.last = {i = i, pad = 200 x's}; prints i after each write
 * open FILE     prints what pcall(store.table, "x") returns, then exits
 * </pre>
 */
public final class StoreChildMain {
    private StoreChildMain() {}

    /** @param args mode and store file */
    public static void main(String[] args) throws Exception {
        String script =
                switch (args[0]) {
                    case "writer" -> """
                    local t = store.table("crash")
                    local i = 0
                    setInterval(function()
                      i = i + 1
                      t.n = i
                      t["k" .. i] = i
                      t.last = {i = i, pad = string.rep("x", 200)}
                      print(i)
                    end, 1)
                    """;
                    case "open" -> "print(pcall(store.table, 'x'))";
                    default -> throw new IllegalArgumentException(args[0]);
                };
        LuaEngine engine = LuaEngine.builder(new EngineConfig().storePath(Path.of(args[1])))
                .library(new StoreLib())
                .build();
        engine.start();
        ExecutionResult r = engine.execute(script, new LuaEngine.ExecOptions("=child", null, 0, false))
                .join();
        if (!(r instanceof ExecutionResult.Ok)) {
            System.err.println("child script failed: " + r);
            System.exit(2);
        }
        engine.setExitWhenIdle(true);
        int status = engine.termination().join();
        engine.close();
        System.exit(status);
    }
}
