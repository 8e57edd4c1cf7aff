package dev.jeplua.engine.compile;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.luaj.vm2.CompiledBody;
import org.luaj.vm2.Prototype;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles prototypes to JVM classes ({@link BodyGenerator}) and loads them as hidden classes in
 * LuaJ's package. A prototype that cannot be compiled (an instruction the generator does not
 * translate, a method over the JVM's 64 KB, a class the verifier rejects) gets
 * {@link CompiledBody#INTERPRETED}: that function runs on LuaJ's interpreter, the others stay
 * compiled. One per engine; any thread.
 */
public final class PrototypeCompiler implements CompiledBody.Compiler {
    private static final Logger LOG = LoggerFactory.getLogger(PrototypeCompiler.class);
    private final AtomicInteger compiled = new AtomicInteger();
    private final AtomicInteger interpreted = new AtomicInteger();

    @Override
    public CompiledBody bodyFor(Prototype p) {
        return compile(p, false);
    }

    @Override
    public CompiledBody bodyFor(Prototype parent, int index) {
        return compile(parent.p[index], Recursion.callsItself(parent, index));
    }

    private CompiledBody compile(Prototype p, boolean recursive) {
        try {
            byte[] classFile = BodyGenerator.generate(p, recursive);
            Class<?> c = CompiledBody.define(classFile, List.of(p.k));
            CompiledBody body = (CompiledBody) c.getConstructor(Prototype.class, CompiledBody.Compiler.class)
                    .newInstance(p, this);
            compiled.incrementAndGet();
            return body;
        } catch (BodyGenerator.Unsupported e) {
            LOG.debug("{}:{}: interpreted ({})", p.shortsource(), p.linedefined, e.getMessage());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.debug("{}:{}: interpreted ({})", p.shortsource(), p.linedefined, e.toString());
        }
        interpreted.incrementAndGet();
        return CompiledBody.INTERPRETED;
    }

    /** Number of prototypes compiled so far. */
    public int compiledCount() {
        return compiled.get();
    }

    /** Number of prototypes left to the interpreter so far. */
    public int interpretedCount() {
        return interpreted.get();
    }
}
