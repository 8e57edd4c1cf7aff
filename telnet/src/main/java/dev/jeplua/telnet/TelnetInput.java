package dev.jeplua.telnet;

/**
 * What {@link TelnetDecoder} makes of the bytes a telnet client sends: whole lines of text with
 * the telnet protocol (IAC sequences, RFC 854) already taken out, and the protocol's commands
 * the session handler acts on.
 */
public sealed interface TelnetInput {
    /**
     * One line without its terminator ({@code \n}, {@code \r\n}, {@code \r\0} or a lone {@code \r}).
     *
     * @param text the line decoded as UTF-8; invalid byte sequences are replaced by U+FFFD
     */
    record Line(String text) implements TelnetInput {}

    /** IAC IP or IAC BRK (what a telnet client sends for Ctrl-C), or a raw Ctrl-C byte (0x03). */
    record Interrupt() implements TelnetInput {}

    /** IAC EOF, or a Ctrl-D byte (0x04) at the start of a line: the client wants to leave. */
    record EndOfInput() implements TelnetInput {}

    /**
     * A line longer than the limit was discarded (up to and including its terminator).
     *
     * @param limitBytes the line limit in bytes
     * @param start      the line's first bytes (at most {@value TelnetDecoder#KEPT_START_BYTES}), decoded as UTF-8
     */
    record LineTooLong(int limitBytes, String start) implements TelnetInput {}

    /**
     * An option negotiation request (RFC 854/855).
     *
     * @param command {@link TelnetDecoder#WILL}, {@link TelnetDecoder#WONT}, {@link TelnetDecoder#DO} or {@link TelnetDecoder#DONT}
     * @param option  the option code (e.g. 6 = TIMING-MARK, 1 = ECHO)
     */
    record Negotiation(int command, int option) implements TelnetInput {}
}
