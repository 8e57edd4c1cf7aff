package dev.jeplua.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code Main.withoutPicocli}, the start path's parse of {@code [switches] script [args...]},
 * against picocli's parse of the same command line: every option and positional field the same.
 */
class MainCommandLineTest {
    private static final PrintStream ERR = System.err;

    @Test
    void switches_and_a_script_parse_as_picocli_parses_them() throws Exception {
        List<String[]> lines = List.of(
                new String[] {"s.lua"},
                new String[] {"s.lua", "a", "--no-api", "-e", "x"},
                new String[] {"--no-telnet", "--no-api", "s.lua", "x"},
                new String[] {"--no-api", "--no-telnet", "bench/cpu/fib.lua", "34"},
                new String[] {
                    "--headless", "--quiet", "--allow-java", "--insecure-bind", "--fibaro", "--fibaro-proxy",
                    "--desktop", "--watch", "--no-telnet", "--no-api", "qa.lua", "--no-api"
                });
        for (String[] line : lines) {
            Main fast = Main.withoutPicocli(line, ERR);
            assertThat(fast).as(String.join(" ", line)).isNotNull();
            assertThat(fields(fast)).as(String.join(" ", line)).isEqualTo(fields(viaPicocli(line)));
        }
    }

    @Test
    void anything_else_is_left_to_picocli() {
        List<String[]> lines = List.of(
                new String[] {},
                new String[] {"--no-api"},
                new String[] {"--no-api", "--no-api", "s.lua"}, // picocli reports the repeated option
                new String[] {"-e", "print(1)"},
                new String[] {"--store", "x.db", "s.lua"},
                new String[] {"--no-api=true", "s.lua"},
                new String[] {"--", "s.lua"},
                new String[] {"-", "x"},
                new String[] {"-i", "s.lua"},
                new String[] {"--debug", "s.lua"},
                new String[] {"--no-telnet", "@args.txt"},
                new String[] {"s.lua", "@args.txt"},
                new String[] {"--help"},
                new String[] {""});
        for (String[] line : lines) {
            assertThat(Main.withoutPicocli(line, ERR))
                    .as(String.join(" ", line))
                    .isNull();
        }
    }

    @Test
    void a_repeated_switch_is_an_error_of_picocli() {
        assertThat(Main.run(
                        new String[] {"--no-api", "--no-api", "s.lua"},
                        new PrintStream(new java.io.ByteArrayOutputStream())))
                .isEqualTo(1);
    }

    private static Main viaPicocli(String[] line) {
        Main main = new Main(ERR);
        new CommandLine(main)
                .setStopAtPositional(true)
                .setUnmatchedOptionsArePositionalParams(false)
                .parseArgs(line);
        return main;
    }

    /** Every field picocli sets (its options and positional parameters), by name. */
    private static Map<String, Object> fields(Main main) throws IllegalAccessException {
        Map<String, Object> values = new TreeMap<>();
        for (Field f : Main.class.getDeclaredFields()) {
            if (f.isAnnotationPresent(CommandLine.Option.class)
                    || f.isAnnotationPresent(CommandLine.Parameters.class)) {
                f.setAccessible(true);
                Object v = f.get(main);
                values.put(f.getName(), v instanceof List<?> l ? new ArrayList<>(l) : v);
            }
        }
        assertThat(values).containsKeys("noTelnet", "noApi", "positional", "exec", "store");
        return values;
    }
}
