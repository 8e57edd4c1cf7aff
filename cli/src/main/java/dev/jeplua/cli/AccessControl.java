package dev.jeplua.cli;

import dev.jeplua.web.Loopback;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the REST and telnet tokens come from, and which bind addresses need one (see
 * {@code docs/security.md}). A token may be given on the command line (visible to other users in
 * {@code ps}), in a file ({@code --api-token-file}, first line, surrounding whitespace removed) or
 * in the environment ({@code JEPLUA_API_TOKEN}); the command line wins, then the file, then the
 * environment. An empty token is an error, never "no token". Main thread.
 */
final class AccessControl {
    private final Map<String, String> env;

    /** @param env the process environment (a map in tests) */
    AccessControl(Map<String, String> env) {
        this.env = env;
    }

    /**
     * Resolves one token.
     *
     * @param option   the command-line option's name, for messages ({@code --api-token})
     * @param given    the option's value, or null
     * @param file     the {@code -file} option's value, or null
     * @param variable the environment variable's name
     * @return the token, or null when none of the three is set
     * @throws IllegalArgumentException when a given token is empty or the file cannot be read
     */
    String token(String option, String given, Path file, String variable) {
        if (given != null) {
            return nonEmpty(given, option + " is empty (leave the option out for no token)");
        }
        if (file != null) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("cannot read " + option + "-file " + file + ": " + e.getMessage());
            }
            int nl = text.indexOf('\n');
            return nonEmpty(
                    (nl >= 0 ? text.substring(0, nl) : text).strip(), option + "-file " + file + " holds no token");
        }
        String fromEnv = env.get(variable);
        if (fromEnv != null) {
            return nonEmpty(fromEnv.strip(), variable + " is set but empty (unset it for no token)");
        }
        return null;
    }

    private static String nonEmpty(String token, String message) {
        if (token.isEmpty()) {
            throw new IllegalArgumentException(message);
        }
        return token;
    }

    /**
     * The refusal to print when a server would listen on a non-loopback address without a token,
     * or null when binding is fine.
     *
     * @param what   {@code REST API} or {@code telnet REPL}
     * @param option the option that sets its token
     */
    static String exposureRefusal(String what, String host, int port, String token, String option) {
        if (token != null || Loopback.isLoopback(host)) {
            return null;
        }
        return "refusing to start the " + what + " on " + host + ":" + port + " without a token: anyone who can reach"
                + " that address could run any code as you. Set " + option + " (or " + option
                + "-file, or the environment"
                + " variable), bind 127.0.0.1, or pass --insecure-bind if the network is trusted";
    }
}
