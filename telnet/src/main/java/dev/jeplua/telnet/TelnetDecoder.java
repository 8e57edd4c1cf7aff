package dev.jeplua.telnet;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns the byte stream of a telnet (or plain TCP, e.g. {@code nc}) client into
 * {@link TelnetInput}s: consumes IAC sequences (RFC 854: commands, option negotiation,
 * subnegotiation; {@code IAC IAC} is a data byte 255), splits lines at {@code \n},
 * {@code \r\n}, {@code \r\0} or {@code \r}, and enforces a line limit: a longer line is
 * discarded as it arrives (memory stays bounded whatever the client sends) and reported once
 * as {@link TelnetInput.LineTooLong} (with the line's first bytes, for the HTTP guard).
 *
 * <p>Each {@link #decode} call yields at most one input, and decoding stops while the channel's
 * auto-read is off (the session handler turns it off while this client's output is backed up):
 * what was received stays here undecoded, bounded by the one read that was in progress, until
 * reading resumes — so a client that floods requests and never reads their replies cannot make
 * the server produce replies without limit. Nothing is decoded once the channel is closed.
 * Runs on the channel's I/O thread.
 */
public final class TelnetDecoder extends ByteToMessageDecoder {
    /** Interpret As Command. */
    public static final int IAC = 255;
    /** Option negotiation commands. */
    public static final int DONT = 254, DO = 253, WONT = 252, WILL = 251;
    /** Subnegotiation begin / end. */
    public static final int SB = 250, SE = 240;
    /** Erase line, erase character, interrupt process, break, end of file (RFC 854, RFC 1184). */
    public static final int EL = 248, EC = 247, IP = 244, BRK = 243, EOF = 236;
    /** The TIMING-MARK option (RFC 860), which telnet clients send after IAC IP. */
    public static final int TIMING_MARK = 6;

    private enum State {
        DATA,
        IAC,
        NEGOTIATE,
        SB,
        SB_IAC
    }

    /** Bytes of a discarded line kept for {@link TelnetInput.LineTooLong#start()}. */
    static final int KEPT_START_BYTES = 64;

    private final int maxLineBytes;
    private String discardedStart = "";
    private byte[] line = new byte[256];
    private int length;
    private boolean discarding;
    private boolean afterCr;
    private State state = State.DATA;
    private int negotiation;

    /** @param maxLineBytes the longest line accepted, in bytes (SPEC: 64 KiB) */
    public TelnetDecoder(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        Channel ch = ctx.channel();
        while (out.isEmpty() && in.isReadable() && ch.isActive() && ch.config().isAutoRead()) {
            int b = in.readUnsignedByte();
            switch (state) {
                case DATA -> data(b, out);
                case IAC -> command(b, out);
                case NEGOTIATE -> {
                    out.add(new TelnetInput.Negotiation(negotiation, b));
                    state = State.DATA;
                }
                case SB -> state = b == IAC ? State.SB_IAC : State.SB;
                case SB_IAC -> state = b == SE ? State.DATA : State.SB;
                default -> throw new IllegalStateException(state.name());
            }
        }
    }

    /**
     * While reading is paused the base class would ask for one more read when a read decoded
     * nothing, and go on doing so: not while this decoder holds input back on purpose.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (!ctx.channel().config().isAutoRead()) {
            ctx.fireChannelReadComplete();
            return;
        }
        super.channelReadComplete(ctx);
    }

    private void data(int b, List<Object> out) {
        boolean wasAfterCr = afterCr;
        afterCr = false;
        switch (b) {
            case IAC -> {
                state = State.IAC;
                afterCr = wasAfterCr;
            }
            case '\r' -> {
                endLine(out);
                afterCr = true;
            }
            case '\n' -> {
                if (!wasAfterCr) {
                    endLine(out);
                }
            }
            case 0 -> {
                // NUL: padding after CR in telnet's "CR NUL"; carries nothing
            }
            case 3 -> {
                clearLine();
                out.add(new TelnetInput.Interrupt());
            }
            case 4 -> {
                if (length == 0 && !discarding) {
                    out.add(new TelnetInput.EndOfInput());
                }
            }
            default -> append(b);
        }
    }

    private void command(int b, List<Object> out) {
        state = State.DATA;
        switch (b) {
            case IAC -> append(IAC);
            case WILL, WONT, DO, DONT -> {
                negotiation = b;
                state = State.NEGOTIATE;
            }
            case SB -> state = State.SB;
            case IP, BRK -> {
                clearLine();
                out.add(new TelnetInput.Interrupt());
            }
            case EOF -> out.add(new TelnetInput.EndOfInput());
            case EL -> clearLine();
            case EC -> {
                if (length > 0 && !discarding) {
                    length--;
                }
            }
            default -> {
                // NOP, DM, GA, AO, AYT: nothing to do for a line-mode REPL
            }
        }
    }

    private void append(int b) {
        if (discarding) {
            return;
        }
        if (length == maxLineBytes) {
            discarding = true;
            discardedStart = new String(line, 0, Math.min(length, KEPT_START_BYTES), StandardCharsets.UTF_8);
            length = 0;
            return;
        }
        if (length == line.length) {
            byte[] bigger = new byte[Math.min(maxLineBytes, line.length * 2)];
            System.arraycopy(line, 0, bigger, 0, length);
            line = bigger;
        }
        line[length++] = (byte) b;
    }

    private void endLine(List<Object> out) {
        if (discarding) {
            out.add(new TelnetInput.LineTooLong(maxLineBytes, discardedStart));
        } else {
            out.add(new TelnetInput.Line(new String(line, 0, length, StandardCharsets.UTF_8)));
        }
        clearLine();
    }

    private void clearLine() {
        length = 0;
        discarding = false;
        discardedStart = "";
        if (line.length > 4096) {
            line = new byte[256];
        }
    }
}
