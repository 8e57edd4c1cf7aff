package dev.jeplua.telnet;

import dev.jeplua.engine.LuaEngine;
import dev.jeplua.repl.protocol.ClientProtocol;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@link WireFormat} of the JEPLua REPL client (after {@code :client}): one
 * {@link ClientProtocol} message per event, no prompts ({@link ClientProtocol#DONE} and
 * {@link ClientProtocol#MORE} say what the client may send next), nothing said where a terminal
 * would merely get a fresh prompt. Stateless; any thread.
 */
final class ClientWireFormat implements WireFormat {
    ClientWireFormat() {}

    @Override
    public void greet(Consumer<byte[]> out, boolean chunkPending) {
        out.accept(ClientProtocol.message(ClientProtocol.VERSION, LuaEngine.VERSION_LINE));
    }

    @Override
    public void reply(Consumer<byte[]> out, String visible) {
        out.accept(ClientProtocol.message(ClientProtocol.RESULT, visible));
    }

    @Override
    public void fail(Consumer<byte[]> out, String visible) {
        out.accept(ClientProtocol.message(ClientProtocol.ERROR, visible));
    }

    @Override
    public void ready(Consumer<byte[]> out, boolean chunkPending) {
        out.accept(ClientProtocol.message(ClientProtocol.DONE, ""));
    }

    @Override
    public void more(Consumer<byte[]> out) {
        out.accept(ClientProtocol.message(ClientProtocol.MORE, ""));
    }

    @Override
    public void interruptedIdle(Consumer<byte[]> out, boolean chunkPending) {
        // the client tracks its own input: nothing to acknowledge
    }

    @Override
    public void nothingToInterrupt(Consumer<byte[]> out, boolean chunkPending) {
        // the client sends :interrupt on Ctrl-C whenever it likes: no answer when idle
    }

    @Override
    public void leave(Consumer<byte[]> out) {
        // the closed connection says it
    }

    @Override
    public void candidates(Consumer<byte[]> out, List<String> visible, boolean chunkPending) {
        for (String c : visible) {
            out.accept(ClientProtocol.message(ClientProtocol.CANDIDATE, c));
        }
        out.accept(ClientProtocol.message(ClientProtocol.CANDIDATES_END, ""));
    }

    @Override
    public byte[] overflowNotice(String notice) {
        return ClientProtocol.message(ClientProtocol.ERROR, notice);
    }

    @Override
    public byte[] output(byte[] printed, int length) {
        return ClientProtocol.message(ClientProtocol.OUTPUT, Arrays.copyOf(printed, length));
    }
}
