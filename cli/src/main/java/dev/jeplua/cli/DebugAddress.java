package dev.jeplua.cli;

import java.util.Stack;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Where {@code --debug [[HOST:]PORT]} listens: {@code 127.0.0.1:4711} by default, a port alone
 * keeps the loopback host. The value is optional, so {@code --debug script.lua} must not read the
 * script's name as it: {@link Consumer} takes the next argument only when it looks like a port.
 *
 * @param host address to bind
 * @param port TCP port (0 = any free one)
 */
record DebugAddress(String host, int port) {
    static final String DEFAULT_HOST = "127.0.0.1";

    /**
     * Parses the option's value (null or empty: the default).
     *
     * @throws CommandLine.ParameterException (as picocli's own errors) for a port outside 0..65535
     */
    static DebugAddress parse(String value) {
        if (value == null || value.isEmpty()) {
            return new DebugAddress(DEFAULT_HOST, dev.jeplua.debugger.DebugServer.DEFAULT_PORT);
        }
        int colon = value.lastIndexOf(':');
        String host = colon < 0 ? DEFAULT_HOST : value.substring(0, colon);
        int port = Integer.parseInt(value.substring(colon + 1));
        if (port < 0 || port > 65535 || host.isEmpty()) {
            throw new CommandLine.ParameterException(
                    new CommandLine(new Object()), "invalid --debug address '" + value + "'");
        }
        return new DebugAddress(host, port);
    }

    /** True for a {@code --debug} value: {@code PORT} or {@code HOST:PORT}. */
    static boolean looksLikeAddress(String arg) {
        return arg.matches("([^\\s:]+:|\\[[0-9a-fA-F:]+\\]:)?[0-9]{1,5}");
    }

    /** Picocli consumer of the optional value: takes the next argument only when it is an address. */
    static final class Consumer implements CommandLine.IParameterConsumer {
        @Override
        public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
            String value = !args.isEmpty() && looksLikeAddress(args.peek()) ? args.pop() : "";
            argSpec.setValue(value);
        }
    }
}
