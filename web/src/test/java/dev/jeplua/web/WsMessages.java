package dev.jeplua.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** The tests' WebSocket client of {@code /ws}: every whole text message goes to a queue. */
final class WsMessages {
    private WsMessages() {}

    /**
     * Opens {@code uri}; each whole text message (the JDK client may deliver one in parts) goes to
     * {@code messages}. Waits at most 10 s for the handshake.
     */
    static WebSocket open(HttpClient http, URI uri, BlockingQueue<String> messages) throws Exception {
        return http.newWebSocketBuilder()
                .buildAsync(uri, new WebSocket.Listener() {
                    final StringBuilder part = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        part.append(data);
                        if (last) {
                            messages.add(part.toString());
                            part.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                })
                .get(10, TimeUnit.SECONDS);
    }
}
