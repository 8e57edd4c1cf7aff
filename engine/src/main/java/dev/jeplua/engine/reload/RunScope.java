package dev.jeplua.engine.reload;

import dev.jeplua.engine.api.EngineContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a script run has open that must not outlive the run: the listening sockets of
 * {@code net} servers and the windows the script opened. Libraries {@link #add} a resource when
 * they open it and {@link #remove} it when the script closes it; a {@code --watch} restart
 * closes whatever is left ({@link #closeAll}), and the live inspector lists them and closes one
 * on request ({@link #close}). Engine closing still closes everything through its closeables.
 *
 * <p>One instance per engine ({@link #of}). Engine thread only.
 */
public final class RunScope {
    private static final Logger log = LoggerFactory.getLogger(RunScope.class);

    /**
     * One open resource.
     *
     * @param kind        what it is: {@code HTTPServer}, {@code TCPServer}, {@code window} ...
     * @param description where or what: {@code 127.0.0.1:8081}, a window's title
     * @param closer      closes it as the script would ({@code srv:stop()}, closing the window)
     */
    public record Resource(String kind, String description, AutoCloseable closer) {}

    private final Map<String, Resource> open = new LinkedHashMap<>();
    private int nextId = 1;

    private RunScope() {}

    /** The run scope of {@code engine}, created on first use. Any thread. */
    public static RunScope of(EngineContext engine) {
        return engine.component(RunScope.class, RunScope::new);
    }

    /**
     * Records an open resource.
     *
     * @return its id, for {@link #remove} and the inspector's close
     */
    public String add(String kind, String description, AutoCloseable closer) {
        String id = kind + "-" + nextId++;
        open.put(id, new Resource(kind, description, closer));
        return id;
    }

    /** Forgets a resource the script closed itself; unknown ids (or null) are ignored. */
    public void remove(String id) {
        if (id != null) {
            open.remove(id);
        }
    }

    /** The open resources by id, in the order they were opened. */
    public Map<String, Resource> open() {
        return new LinkedHashMap<>(open);
    }

    /**
     * Closes one resource.
     *
     * @return false when there is no such id
     */
    public boolean close(String id) {
        Resource r = open.remove(id);
        if (r == null) {
            return false;
        }
        closeQuietly(id, r);
        return true;
    }

    /**
     * Closes every open resource, newest first. A closer that fails is logged and the others
     * are still closed.
     *
     * @return how many were closed
     */
    public int closeAll() {
        List<Map.Entry<String, Resource>> all = new ArrayList<>(open.entrySet());
        open.clear();
        for (int i = all.size() - 1; i >= 0; i--) {
            closeQuietly(all.get(i).getKey(), all.get(i).getValue());
        }
        return all.size();
    }

    private static void closeQuietly(String id, Resource r) {
        try {
            r.closer().close();
        } catch (Exception | LinkageError e) {
            log.warn("closing {} ({}) failed: {}", id, r.description(), e.toString());
        }
    }
}
