package dev.jeplua.telnet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The framed protocol a connection switches to with the meta command {@code :client} (used by
 * the JLine REPL client, {@code dev.jeplua.repl}). Plain telnet mixes prompts, results and
 * broadcast output in one text stream; in client mode every message the server sends is one
 * line: a tag byte, then the payload with {@code \} , newline and carriage return escaped as
 * {@code \\}, {@code \n}, {@code \r} (so payloads are byte strings of any content).
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
 * {@code IAC IP} (bytes 255 244) to interrupt its running command. Every line it sends gets
 * exactly one {@code M}, {@code D} or (for {@code :complete}) {@code K} in reply, except
 * {@code :interrupt}, which gets none.
 */
public final class ClientProtocol {
    /** Tags of the server's messages. */
    public static final char VERSION = 'V', OUTPUT = 'O', RESULT = 'R', ERROR = 'E', MORE = 'M', DONE = 'D',
            CANDIDATE = 'c', CANDIDATES_END = 'K';

    private ClientProtocol() {
    }

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
}
