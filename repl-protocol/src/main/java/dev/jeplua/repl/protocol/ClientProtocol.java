package dev.jeplua.repl.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The framed protocol a telnet connection switches to with the meta command {@code :client}
 * (spoken by the telnet server, {@code dev.jeplua.telnet}, and the JLine REPL client,
 * {@code dev.jeplua.repl}). Plain telnet mixes prompts, results and broadcast output in one text
 * stream; in client mode every message the server sends is one line: a tag byte, then the
 * payload with {@code \} , newline and carriage return escaped as {@code \\}, {@code \n},
 * {@code \r} (so payloads are byte strings of any content).
 *
 * <pre>
 * V&lt;version line&gt;   acknowledges {@code :client}; sent once
 * O&lt;bytes&gt;          printed output (any client's or the engine's {@code print}), possibly a partial line
 * R&lt;text&gt;           result of this client's command: the values tab-separated, or a meta command's text
 * E&lt;text&gt;           error of this client's command (message, then traceback lines)
 * M                  the command was an incomplete chunk: more lines are expected (lua.c's {@code >>})
 * D                  the command is finished; the server is ready for the next one
 * c&lt;candidate&gt;      one completion candidate (answer to {@code :complete})
 * K                  end of the completion candidates
 * </pre>
 *
 * The client sends plain lines as a telnet client does (one per line of a chunk) and
 * {@code IAC IP} (bytes 255 244, {@link #interruptRequest()}) to interrupt its running command.
 * Every line it sends gets exactly one {@code M}, {@code D} or (for {@code :complete}) {@code K}
 * in reply, except {@code :interrupt}, which gets none. Before {@code :client} is acknowledged
 * the connection is plain telnet: a server that refuses the client (no or a wrong
 * {@code :auth} token) sends one line starting with {@link #ERROR_LINE_PREFIX} and closes.
 */
public final class ClientProtocol {
    /** Tags of the server's messages. */
    public static final char VERSION = 'V',
            OUTPUT = 'O',
            RESULT = 'R',
            ERROR = 'E',
            MORE = 'M',
            DONE = 'D',
            CANDIDATE = 'c',
            CANDIDATES_END = 'K';

    /** Meta commands both sides know: switch to this protocol, authenticate, complete, interrupt, leave. */
    public static final String CLIENT = ":client",
            AUTH = ":auth",
            COMPLETE = ":complete",
            INTERRUPT = ":interrupt",
            QUIT = ":quit";

    /** How the server's error lines start (plain telnet, e.g. when it refuses a token). */
    public static final String ERROR_LINE_PREFIX = "error: ";

    /** Telnet's IAC and IP (interrupt process) bytes. */
    private static final int IAC = 255, IP = 244;

    private ClientProtocol() {}

    /** One message: {@code tag}, the escaped payload, {@code \n}. */
    public static byte[] message(char tag, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + payload.length / 16 + 2);
        out.write(tag);
        for (byte b : payload) {
            switch (b) {
                case '\\' -> {
                    out.write('\\');
                    out.write('\\');
                }
                case '\n' -> {
                    out.write('\\');
                    out.write('n');
                }
                case '\r' -> {
                    out.write('\\');
                    out.write('r');
                }
                default -> out.write(b);
            }
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** One message with a text payload (encoded as UTF-8). */
    public static byte[] message(char tag, String payload) {
        return message(tag, payload.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The payload of a message (a line as {@link #readLine} returns it): the bytes after the tag,
     * unescaped, decoded as UTF-8 (U+FFFD for invalid bytes).
     */
    public static String decode(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length);
        for (int i = 1; i < message.length; i++) {
            byte b = message[i];
            if (b == '\\' && i + 1 < message.length) {
                byte e = message[++i];
                out.write(e == 'n' ? '\n' : e == 'r' ? '\r' : e);
            } else {
                out.write(b);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Reads one message (or plain line) up to {@code \n}, without it; null at end of stream. */
    public static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                return line.toByteArray();
            }
            line.write(b);
        }
        return line.size() > 0 ? line.toByteArray() : null;
    }

    /** What the client sends to interrupt its running command: {@code IAC IP}. A new array each call. */
    public static byte[] interruptRequest() {
        return new byte[] {(byte) IAC, (byte) IP};
    }
}
