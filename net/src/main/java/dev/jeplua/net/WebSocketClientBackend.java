package dev.jeplua.net;

import dev.jeplua.engine.api.EngineContext;
import dev.jeplua.engine.loop.EventLoop.KeepAlive;
import dev.jeplua.engine.reload.RunScope;
import dev.jeplua.engine.session.ExecutionContext;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * WebSocket client of the {@code net} library on the JDK {@link WebSocket} (EPLua / HC3 API):
 * <pre>
 * local ws = net.WebSocketClient([{timeout=ms, checkCertificate=bool}])   -- alias net.WebSocketClientTls
 * ws:addEventListener("connected", function() end)
 * ws:addEventListener("disconnected", function(code, reason) end)
 * ws:addEventListener("error", function(err) end)
 * ws:addEventListener("dataReceived", function(data, isBinary) end)
 * ws:connect(url [, headers])        -- ws:// or wss://
 * ws:send(data) → true | false, "not connected"   -- a text frame, or binary when data is not UTF-8
 * ws:isOpen(), ws:close(), ws:unref()
 * </pre>
 * Messages are delivered whole (fragments are joined) and in order; sends are queued and go
 * out in call order. Several listeners per event are called in registration order. Connect
 * errors reach {@code error} as {@code "connection refused"}, {@code "timeout"} (connect and
 * handshake, default 30000 ms), {@code "dns failure: ..."}, {@code "tls failure: ..."} or the
 * handshake failure. A connecting or open client keeps the process alive until it is
 * closed, disconnected, or {@code unref()}ed. Callbacks run on the engine thread (kind {@code websocket}).
 */
public final class WebSocketClientBackend {
    private final NetRuntime rt;
    private final EngineContext engine;

    /** @param rt the shared net runtime */
    public WebSocketClientBackend(NetRuntime rt) {
        this.rt = rt;
        this.engine = rt.engine();
    }

    /** {@code net.WebSocketClient([options])} → client handle. Engine thread. */
    public LuaValue newClient(Varargs a) {
        LuaTable o = LuaObjects.optTable(a, 1, "WebSocketClient");
        return new Client(
                        LuaObjects.millis(o, "timeout", NetRuntime.DEFAULT_TIMEOUT_MS, "net.WebSocketClient"),
                        LuaObjects.bool(o, "checkCertificate", true))
                .handle();
    }

    /** One client connection; listeners and state belong to the engine thread. */
    private final class Client {
        final long timeoutMs;
        final boolean checkCertificate;
        final Map<String, List<LuaValue>> listeners = new HashMap<>();
        ExecutionContext context = ExecutionContext.NONE;
        volatile WebSocket socket;
        volatile boolean open;
        KeepAlive keepAlive;
        /** Tail of the send queue: the JDK WebSocket allows one outstanding send at a time. */
        CompletableFuture<?> sendTail = CompletableFuture.completedFuture(null);

        boolean connecting;
        /** close() was called while the handshake was still running: close as soon as it is open. */
        boolean closeRequested;
        /** Id in the engine's {@link RunScope} from connect until it ends ({@code --watch} closes it, the inspector lists it). */
        String scopeId;

        Client(long timeoutMs, boolean checkCertificate) {
            this.timeoutMs = timeoutMs;
            this.checkCertificate = checkCertificate;
        }

        LuaTable handle() {
            LuaTable t = LuaObjects.handle("WebSocketClient");
            String type = "WebSocketClient";
            LuaObjects.eventListenerMethod(t, type, listeners);
            LuaObjects.method(t, type, "connect", this::connect);
            LuaObjects.method(t, type, "send", x -> send(LuaObjects.bytesArg(x, 1, type + ":send")));
            LuaObjects.method(t, type, "isOpen", x -> LuaValue.valueOf(open));
            LuaObjects.method(t, type, "close", x -> {
                close();
                return LuaValue.NONE;
            });
            LuaObjects.method(t, type, "unref", x -> {
                if (keepAlive != null) {
                    keepAlive.release();
                }
                return LuaValue.NONE;
            });
            return t;
        }

        /** Calls every listener of {@code event}; each one's error is reported separately. Engine thread. */
        void fire(String event, Varargs args) {
            List<LuaValue> fns = listeners.get(event);
            if (fns != null) {
                for (LuaValue fn : List.copyOf(fns)) {
                    engine.callProtected("websocket", fn, args);
                }
            }
        }

        private Varargs connect(Varargs a) {
            String fname = "WebSocketClient:connect";
            String url =
                    LuaObjects.bytesArg(a, 1, fname).length == 0 ? "" : a.arg1().tojstring();
            URI uri = LuaObjects.uri(url, fname, "ws", "wss");
            if (connecting || open) {
                throw new LuaError(fname + ": already connected");
            }
            Map<String, List<String>> headers = LuaObjects.headers(a.arg(2), fname);
            context = engine.scheduler().running().context().forCallbacks();
            connecting = true;
            if (keepAlive != null) {
                keepAlive.release();
            }
            keepAlive = rt.keepAlive();
            KeepAlive ka = keepAlive;
            WebSocket.Builder b = rt.httpClient(checkCertificate).newWebSocketBuilder();
            if (timeoutMs > 0) {
                b.connectTimeout(Duration.ofMillis(timeoutMs));
            }
            for (Map.Entry<String, List<String>> h : headers.entrySet()) {
                for (String v : h.getValue()) {
                    b.header(h.getKey(), v);
                }
            }
            String host = uri.getHost();
            CompletableFuture<WebSocket> f;
            try {
                f = b.buildAsync(uri, new Listener());
            } catch (IllegalArgumentException e) {
                connecting = false;
                ka.release();
                throw new LuaError(fname + ": " + e.getMessage());
            }
            scopeId = RunScope.of(engine).add("WebSocketClient", url, this::close);
            f.whenComplete((ws, failure) -> {
                if (failure != null) {
                    String msg = NetRuntime.describe(failure, host);
                    rt.dispatch("websocket", context, null, () -> {
                        connecting = false;
                        ka.release();
                        unlist();
                        fire("error", LuaValue.valueOf(msg));
                    });
                }
            });
            return LuaValue.NONE;
        }

        private Varargs send(byte[] data) {
            WebSocket ws = socket;
            if (ws == null || !open) {
                return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf("not connected"));
            }
            boolean isText = WebSocketServerBackend.Utf8.isValid(data);
            String text = isText ? new String(data, java.nio.charset.StandardCharsets.UTF_8) : null;
            sendTail = sendTail.thenCompose(
                            x -> isText ? ws.sendText(text, true) : ws.sendBinary(ByteBuffer.wrap(data), true))
                    .exceptionally(failure -> {
                        String msg = NetRuntime.describe(failure, null);
                        rt.dispatch("websocket", context, null, () -> fire("error", LuaValue.valueOf(msg)));
                        return null;
                    });
            return LuaValue.TRUE;
        }

        void close() {
            WebSocket ws = socket;
            if (connecting && !open) {
                closeRequested = true;
            } else if (ws != null && open) {
                open = false;
                sendTail.thenCompose(x -> ws.sendClose(WebSocket.NORMAL_CLOSURE, ""))
                        .whenComplete((x, e) -> ws.abort());
                rt.dispatch("websocket", context, null, () -> disconnected(WebSocket.NORMAL_CLOSURE, ""));
            } else if (keepAlive != null && !connecting) {
                keepAlive.release();
            }
        }

        /** Drops the connection from the run scope (it ended or failed). Engine thread. */
        private void unlist() {
            RunScope.of(engine).remove(scopeId);
            scopeId = null;
        }

        /** Runs once per connection on the engine thread when it ends for any reason. */
        private void disconnected(int code, String reason) {
            if (socket == null) {
                return;
            }
            socket = null;
            open = false;
            unlist();
            if (keepAlive != null) {
                keepAlive.release();
            }
            fire("disconnected", LuaValue.varargsOf(LuaValue.valueOf(code), LuaValue.valueOf(reason)));
        }

        /** JDK listener: runs on HttpClient threads; only dispatches. */
        private final class Listener implements WebSocket.Listener {
            private StringBuilder text = new StringBuilder();
            private java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

            @Override
            public void onOpen(WebSocket ws) {
                socket = ws;
                open = true;
                rt.dispatch("websocket", context, null, () -> {
                    connecting = false;
                    if (closeRequested) {
                        closeRequested = false;
                        close();
                    } else if (socket != null) {
                        fire("connected", LuaValue.NONE);
                    }
                });
                ws.request(1);
            }

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    String msg = text.toString();
                    text = new StringBuilder();
                    rt.dispatch(
                            "websocket",
                            context,
                            null,
                            () -> fire("dataReceived", LuaValue.varargsOf(LuaValue.valueOf(msg), LuaValue.FALSE)));
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                byte[] b = new byte[data.remaining()];
                data.get(b);
                binary.writeBytes(b);
                if (last) {
                    byte[] msg = binary.toByteArray();
                    binary = new java.io.ByteArrayOutputStream();
                    rt.dispatch(
                            "websocket",
                            context,
                            null,
                            () -> fire("dataReceived", LuaValue.varargsOf(LuaValue.valueOf(msg), LuaValue.TRUE)));
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                open = false;
                rt.dispatch("websocket", context, null, () -> disconnected(statusCode, reason));
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                open = false;
                String msg = NetRuntime.describe(error, null);
                rt.dispatch("websocket", context, null, () -> {
                    connecting = false;
                    fire("error", LuaValue.valueOf(msg));
                    disconnected(1006, msg);
                });
            }
        }
    }
}
