package dev.jeplua.telnet;

import java.util.List;
import java.util.function.Consumer;

/**
 * How a telnet connection's REPL speaks to its client: the shape of every byte the session
 * handler sends that depends on the client's kind. Two shapes exist, both stateless singletons:
 * <ul>
 *   <li>{@link #TELNET}: a person at a telnet terminal ({@link TelnetWireFormat}): prompts
 *       {@code > } / {@code >> }, texts as lines ending {@code \r\n} ({@link TelnetText});</li>
 *   <li>{@link #CLIENT}: the JEPLua REPL client's framed protocol ({@link ClientWireFormat}),
 *       one {@link dev.jeplua.repl.protocol.ClientProtocol} message per event.</li>
 * </ul>
 * A connection starts as {@link #TELNET}; {@code :client} switches it to {@link #CLIENT}.
 *
 * <p>Each operation writes its message(s) to {@code out}, the handler's budgeted writer, one
 * call per message (every message costs {@link TelnetSessionHandler#WRITE_OVERHEAD_BYTES} of the
 * client's output budget, so the number of calls is part of the format). Texts arrive with
 * control characters already escaped. {@code chunkPending} tells whether an incomplete chunk is
 * being gathered (the telnet prompt is then {@code >> }).
 *
 * <p>Threads: the REPL operations run on the channel's Netty event loop;
 * {@link #output} on the engine thread (broadcast) and {@link #overflowNotice} on any thread.
 * Implementations hold no state and are safe everywhere.
 */
interface WireFormat {
    /** Plain telnet, the shape a connection starts with. */
    WireFormat TELNET = new TelnetWireFormat();
    /** The framed protocol of the REPL client, after {@code :client}. */
    WireFormat CLIENT = new ClientWireFormat();

    /** The first words to an authenticated client, ending with whatever asks for input. */
    void greet(Consumer<byte[]> out, boolean chunkPending);

    /** A result or meta command's text. */
    void reply(Consumer<byte[]> out, String visible);

    /** An error's text. */
    void fail(Consumer<byte[]> out, String visible);

    /** The command is finished, the client may send the next one. */
    void ready(Consumer<byte[]> out, boolean chunkPending);

    /** The chunk so far is incomplete: more lines are wanted. */
    void more(Consumer<byte[]> out);

    /** Ctrl-C while nothing runs: the gathered chunk was dropped. */
    void interruptedIdle(Consumer<byte[]> out, boolean chunkPending);

    /** {@code :interrupt} while nothing runs. */
    void nothingToInterrupt(Consumer<byte[]> out, boolean chunkPending);

    /** The client leaves ({@code :quit}, {@code exit}, Ctrl-D); the connection is closed after this. */
    void leave(Consumer<byte[]> out);

    /** The answer to {@code :complete}: the candidates, control characters escaped. */
    void candidates(Consumer<byte[]> out, List<String> visible, boolean chunkPending);

    /** The last words to a client whose unsent output overflowed; written outside the budget. */
    byte[] overflowNotice(String notice);

    /** Broadcast output: the first {@code length} bytes of {@code printed} (control characters escaped). */
    byte[] output(byte[] printed, int length);
}
