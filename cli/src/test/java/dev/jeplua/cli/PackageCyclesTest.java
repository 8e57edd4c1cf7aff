package dev.jeplua.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The shape rule of docs/architecture.md: no package of any module depends, directly or
 * through others, on a package that depends on it. Reads the package dependencies of every
 * module's main classes with the JDK's {@code jdeps} and looks for strongly connected
 * components. Runs in the cli module because every other module is built before it.
 */
class PackageCyclesTest {
    private static final List<String> MODULES =
            List.of("engine", "net", "store", "lfs", "gui", "web", "telnet", "repl-protocol", "repl-client", "cli");

    @Test
    void no_package_of_any_module_is_part_of_a_dependency_cycle() throws Exception {
        Map<String, Set<String>> edges = new TreeMap<>();
        for (String module : MODULES) {
            Path classes = Path.of("..", module, "target", "classes");
            assertThat(classes).as("compiled classes of " + module).isDirectory();
            for (String[] edge : packageEdges(classes)) {
                if (!edge[0].equals(edge[1])) {
                    edges.computeIfAbsent(edge[0], k -> new TreeSet<>()).add(edge[1]);
                }
            }
        }
        assertThat(edges).as("package dependencies found by jdeps").containsKey("dev.jeplua.engine");
        assertThat(cycles(edges)).as("package cycles").isEmpty();
    }

    /** {@code from -> to} pairs between JEPLua packages, as jdeps prints them. */
    private static List<String[]> packageEdges(Path classes) {
        ToolProvider jdeps =
                ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("jdeps not in this JDK"));
        StringWriter out = new StringWriter();
        int status = jdeps.run(
                new PrintWriter(out),
                new PrintWriter(new StringWriter()),
                "-verbose:package",
                "-filter:none",
                "--ignore-missing-deps",
                classes.toString());
        assertThat(status).as("jdeps exit status on " + classes).isZero();
        List<String[]> edges = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[1].equals("->") && f[0].startsWith("dev.jeplua") && f[2].startsWith("dev.jeplua")) {
                edges.add(new String[] {f[0], f[2]});
            }
        }
        return edges;
    }

    /** Strongly connected components with more than one package (Tarjan's algorithm, iterative). */
    static List<Set<String>> cycles(Map<String, Set<String>> edges) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<Set<String>> result = new ArrayList<>();
        int[] counter = {0};
        for (String start : edges.keySet()) {
            if (!index.containsKey(start)) {
                strongConnect(start, edges, index, low, stack, onStack, result, counter);
            }
        }
        return result;
    }

    private static void strongConnect(
            String v,
            Map<String, Set<String>> edges,
            Map<String, Integer> index,
            Map<String, Integer> low,
            Deque<String> stack,
            Set<String> onStack,
            List<Set<String>> result,
            int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : edges.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                strongConnect(w, edges, index, low, stack, onStack, result, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                result.add(component);
            }
        }
    }

    @Test
    void the_cycle_finder_finds_a_cycle_when_there_is_one() {
        Map<String, Set<String>> edges = new TreeMap<>();
        edges.put("a", Set.of("b"));
        edges.put("b", Set.of("c"));
        edges.put("c", Set.of("a", "d"));
        assertThat(cycles(edges)).containsExactly(new TreeSet<>(Set.of("a", "b", "c")));
        edges.put("c", Set.of("d"));
        assertThat(cycles(edges)).isEmpty();
    }
}
