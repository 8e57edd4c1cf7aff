package dev.jeplua.net;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientExecutorConfig;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3ConnectBuilder;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAck;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscribe;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscription;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import com.hivemq.client.mqtt.mqtt3.message.unsubscribe.Mqtt3Unsubscribe;
import com.hivemq.client.mqtt.mqtt3.message.unsubscribe.Mqtt3UnsubscribeBuilder;
import dev.jeplua.engine.api.EngineContext;
import dev.jeplua.engine.api.LuaArgs;
import dev.jeplua.engine.loop.EventLoop.KeepAlive;
import dev.jeplua.engine.session.ExecutionContext;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.TrustManagerFactory;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * MQTT 3.1.1 client of the {@code net} library (global {@code mqtt} is the same table), on the
 * HiveMQ MQTT client (async API; it runs on the engine's shared Netty event loop group). API of
 * the Fibaro HC3 / EPLua:
 * <pre>
 * local c = net.Client.connect("mqtt://host:1883", {          -- mqtts:// (or ssl://, tls://) for TLS
 *   clientId="id", keepAlivePeriod=60 (s), username=, password=, cleanSession=true,
 *   checkCertificate=true, caFile="ca.pem",                    -- TLS options
 *   lastWill={topic=, payload=, qos=, retain=},
 *   callback=function(returnCode, err) end})                   -- 0 = connected
 * c:addEventListener("connected", function(e) end)      -- e = {sessionPresent, returnCode}
 * c:addEventListener("message", function(m) end)        -- m = {topic, payload, qos, retain}
 * c:addEventListener("error", function(err) end)        -- err = message string
 * c:addEventListener("closed", function(e) end)         -- e = {reason = "disconnect" | message}
 * c:addEventListener("subscribed"|"unsubscribed"|"published", function(e) end)  -- e = {packetId, ...}
 * c:subscribe(topic | {topic, ...} | {{topic, qos}, ...}, {qos=0, callback=fn(e)}) → packetId
 * c:unsubscribe(topic | {topic, ...}, {callback=fn(e)}) → packetId
 * c:publish(topic, payload, {qos=0, retain=false, callback=fn(e)}) → packetId
 * c:disconnect({callback=fn()}), c:isConnected(), c:unref()
 * (after disconnect() or a lost connection, subscribe/unsubscribe/publish report the error
 *  "connection closed" to their callback, {packetId, error}, and to the "error" event)
 * net.QoS = {AT_MOST_ONCE=0, AT_LEAST_ONCE=1, EXACTLY_ONCE=2}
 * </pre>
 * Packet ids are numbered by this library (the HiveMQ client assigns the wire ids itself);
 * {@code subscribed} events carry {@code results} (granted QoS per topic, 128 = failure). A failed
 * operation fires {@code error} and calls its callback with {@code {packetId, error=message}}.
 * Default ports 1883 (plain) and 8883 (TLS). A connecting or connected client keeps the process
 * alive until it is disconnected, the connection is lost, or it is {@code unref()}ed; there is no
 * automatic reconnect. Callbacks run on the engine thread (kind {@code mqtt}).
 *
 * <p>Why HiveMQ's client rather than Eclipse Paho: it is actively released (Paho's Java client
 * has had no release since 2020), it has a non-blocking API (Paho's async client still uses a
 * thread per connection), and it is built on Netty, which the engine already ships, so MQTT
 * connections share the {@code jeplua-net} threads.
 */
public final class MqttBackend {
    private final NetRuntime rt;
    private final EngineContext engine;

    /** @param rt the shared net runtime */
    public MqttBackend(NetRuntime rt) {
        this.rt = rt;
        this.engine = rt.engine();
    }

    /** The {@code QoS} table. */
    public static LuaTable qosTable() {
        LuaTable q = new LuaTable();
        q.set("AT_MOST_ONCE", 0);
        q.set("AT_LEAST_ONCE", 1);
        q.set("EXACTLY_ONCE", 2);
        return q;
    }

    /** {@code Client.connect(uri, options)} → client handle. Engine thread. */
    public LuaValue connect(Varargs a) {
        String fname = "mqtt.Client.connect";
        if (a.arg1().istable() && a.arg1().get("connect").isfunction()) {
            a = a.subargs(2); // called as Client:connect(...)
        }
        String uriText =
                LuaObjects.bytesArg(a, 1, fname).length == 0 ? "" : a.arg1().tojstring();
        LuaTable o = LuaObjects.optTable(a, 2, fname);
        Client c = new Client();
        c.start(parseUri(uriText, fname), o, fname);
        return c.handle;
    }

    private record Target(String host, int port, boolean tls) {}

    private static Target parseUri(String text, String fname) {
        String t = text.contains("://") ? text : "mqtt://" + text;
        URI uri;
        try {
            uri = URI.create(t);
        } catch (IllegalArgumentException e) {
            throw new LuaError(fname + ": invalid URI '" + text + "' (" + e.getMessage() + ")");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        boolean tls =
                switch (scheme) {
                    case "mqtt", "tcp" -> false;
                    case "mqtts", "ssl", "tls" -> true;
                    default ->
                        throw new LuaError(
                                fname + ": invalid URI '" + text + "' (scheme must be mqtt, mqtts, tcp, ssl or tls)");
                };
        if (uri.getHost() == null) {
            throw new LuaError(fname + ": invalid URI '" + text + "' (no host)");
        }
        return new Target(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : (tls ? 8883 : 1883), tls);
    }

    private final class Client {
        final LuaTable handle = LuaObjects.handle("mqtt.Client");
        final Map<String, List<LuaValue>> listeners = new HashMap<>();
        Mqtt3AsyncClient client;
        ExecutionContext context = ExecutionContext.NONE;
        KeepAlive keepAlive;
        volatile boolean connected;
        /** Set by disconnect() and when the connection is lost: later operations fail at once. */
        volatile boolean ended;

        boolean closedFired;
        int nextPacketId;

        void start(Target target, LuaTable o, String fname) {
            String clientId = LuaObjects.string(
                    o, "clientId", "jeplua-" + UUID.randomUUID().toString().substring(0, 8), fname);
            LuaValue ka = o.get("keepAlivePeriod");
            if (!ka.isnil() && (!ka.isnumber() || ka.todouble() < 0)) {
                throw new LuaError(fname + ": option 'keepAlivePeriod' must be a number of seconds >= 0 (got "
                        + ka.tojstring() + ")");
            }
            long keepAliveSec = ka.isnil() ? 60 : (long) ka.todouble();
            String user = LuaObjects.string(o, "username", null, fname);
            String pass = LuaObjects.string(o, "password", null, fname);
            boolean clean = LuaObjects.bool(o, "cleanSession", true);
            boolean tls = target.tls() || LuaObjects.bool(o, "tls", false);
            boolean check = LuaObjects.bool(o, "checkCertificate", true);
            String caFile = LuaObjects.string(o, "caFile", null, fname);
            LuaValue callback = LuaObjects.callback(o, "callback");
            LuaValue will = o.get("lastWill");
            context = engine.scheduler().running().context().forCallbacks();
            installMethods();

            Mqtt3ClientBuilder b = MqttClient.builder()
                    .useMqttVersion3()
                    .identifier(clientId)
                    .serverHost(target.host())
                    .serverPort(target.port())
                    .executorConfig(MqttClientExecutorConfig.builder()
                            .nettyExecutor((Executor) rt.group())
                            .build());
            if (tls) {
                b = b.sslConfig(sslConfig(check, caFile, fname));
            }
            b = b.addDisconnectedListener(ctx -> {
                String reason = ctx.getSource() == com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource.USER
                        ? "disconnect"
                        : NetRuntime.describe(ctx.getCause(), target.host());
                boolean wasConnected = connected;
                connected = false;
                ended = true;
                if (wasConnected) {
                    rt.dispatch("mqtt", context, null, () -> closed(reason));
                }
            });
            client = b.buildAsync();
            client.publishes(MqttGlobalPublishFilter.ALL, p -> {
                String topic = p.getTopic().toString();
                byte[] payload = p.getPayloadAsBytes();
                int qos = p.getQos().getCode();
                boolean retain = p.isRetain();
                rt.dispatch("mqtt", context, null, () -> {
                    LuaTable m = new LuaTable();
                    m.set("topic", topic);
                    m.set("payload", LuaValue.valueOf(payload));
                    m.set("qos", qos);
                    m.set("retain", LuaValue.valueOf(retain));
                    fire("message", m);
                });
            });
            Mqtt3ConnectBuilder.Send<CompletableFuture<Mqtt3ConnAck>> connect =
                    client.connectWith().cleanSession(clean).keepAlive((int) Math.min(65535, keepAliveSec));
            if (user != null) {
                var auth = connect.simpleAuth().username(user);
                if (pass != null) {
                    auth = auth.password(pass.getBytes(StandardCharsets.UTF_8));
                }
                connect = auth.applySimpleAuth();
            }
            if (will.istable()) {
                String topic = LuaObjects.string((LuaTable) will, "topic", null, fname + " lastWill");
                if (topic == null) {
                    throw new LuaError(fname + ": lastWill needs a topic");
                }
                LuaValue payload = will.get("payload");
                connect = connect.willPublish()
                        .topic(topic)
                        .payload(payload.isnil() ? new byte[0] : LuaObjects.bytes(payload))
                        .qos(qos(will.get("qos"), fname))
                        .retain(will.get("retain").toboolean())
                        .applyWillPublish();
            }
            keepAlive = rt.keepAlive();
            connect.send().whenComplete((ack, failure) -> {
                if (failure == null) {
                    connected = true;
                    boolean present = ack.isSessionPresent();
                    int code = ack.getReturnCode().getCode();
                    rt.dispatch("mqtt", context, null, () -> {
                        if (callback != null) {
                            engine.callProtected("mqtt", callback, LuaValue.valueOf(0));
                        }
                        LuaTable e = new LuaTable();
                        e.set("sessionPresent", LuaValue.valueOf(present));
                        e.set("returnCode", code);
                        fire("connected", e);
                    });
                } else {
                    int code = failure instanceof Mqtt3ConnAckException ce
                            ? ce.getMqttMessage().getReturnCode().getCode()
                            : failure.getCause() instanceof Mqtt3ConnAckException ce2
                                    ? ce2.getMqttMessage().getReturnCode().getCode()
                                    : -1;
                    String msg = code > 0
                            ? "connection refused by broker: "
                                    + ((Mqtt3ConnAckException)
                                                    (failure instanceof Mqtt3ConnAckException
                                                            ? failure
                                                            : failure.getCause()))
                                            .getMqttMessage()
                                            .getReturnCode()
                                            .name()
                                            .toLowerCase(Locale.ROOT)
                            : NetRuntime.describe(failure, target.host());
                    rt.dispatch("mqtt", context, keepAlive, () -> {
                        if (callback != null) {
                            engine.callProtected(
                                    "mqtt",
                                    callback,
                                    LuaValue.varargsOf(LuaValue.valueOf(code), LuaValue.valueOf(msg)));
                        }
                        fire("error", LuaValue.valueOf(msg));
                    });
                }
            });
        }

        private void installMethods() {
            String type = "mqtt.Client";
            LuaObjects.eventListenerMethod(handle, type, listeners);
            LuaObjects.method(handle, type, "subscribe", this::subscribe);
            LuaObjects.method(handle, type, "unsubscribe", this::unsubscribe);
            LuaObjects.method(handle, type, "publish", this::publish);
            LuaObjects.method(handle, type, "disconnect", this::disconnect);
            LuaObjects.method(handle, type, "isConnected", x -> LuaValue.valueOf(connected));
            LuaObjects.method(handle, type, "unref", x -> {
                keepAlive.release();
                return LuaValue.NONE;
            });
        }

        void fire(String event, Varargs args) {
            List<LuaValue> fns = listeners.get(event);
            if (fns != null) {
                for (LuaValue fn : List.copyOf(fns)) {
                    engine.callProtected("mqtt", fn, args);
                }
            }
        }

        private void closed(String reason) {
            if (closedFired) {
                return;
            }
            closedFired = true;
            keepAlive.release();
            LuaTable e = new LuaTable();
            e.set("reason", reason);
            fire("closed", e);
        }

        /**
         * Sends an operation unless the client was disconnected or lost its connection; then the
         * operation fails with "connection closed" (HiveMQ would never complete it, and its
         * pending callback would keep the process alive).
         */
        private CompletableFuture<?> unlessEnded(java.util.function.Supplier<CompletableFuture<?>> send) {
            return ended ? CompletableFuture.failedFuture(new IllegalStateException("connection closed")) : send.get();
        }

        /** Reports the outcome of one operation to its callback and the matching event. Any thread. */
        private void complete(
                CompletableFuture<?> f,
                int packetId,
                String event,
                LuaValue callback,
                java.util.function.Function<Object, LuaTable> details) {
            KeepAlive ka = rt.keepAlive();
            f.whenComplete((result, failure) -> {
                String msg = failure == null ? null : NetRuntime.describe(failure, null);
                rt.dispatch("mqtt", context, ka, () -> {
                    LuaTable e = failure == null && details != null ? details.apply(result) : new LuaTable();
                    e.set("packetId", packetId);
                    if (msg != null) {
                        e.set("error", msg);
                    }
                    if (callback != null) {
                        engine.callProtected("mqtt", callback, e);
                    }
                    if (msg == null) {
                        fire(event, e);
                    } else {
                        fire("error", LuaValue.valueOf(msg));
                    }
                });
            });
        }

        private Varargs subscribe(Varargs a) {
            String fname = "mqtt.Client:subscribe";
            LuaTable o = LuaObjects.optTable(a, 2, fname);
            MqttQos defQos = qos(o.get("qos"), fname);
            List<Mqtt3Subscription> subs = new ArrayList<>();
            LuaValue topics = a.arg1();
            if (topics.isstring()) {
                subs.add(Mqtt3Subscription.builder()
                        .topicFilter(topics.tojstring())
                        .qos(defQos)
                        .build());
            } else if (topics.istable()) {
                for (int i = 1; i <= topics.length(); i++) {
                    LuaValue t = topics.get(i);
                    if (t.istable()) {
                        subs.add(Mqtt3Subscription.builder()
                                .topicFilter(t.get(1).checkjstring())
                                .qos(t.get(2).isnil() ? defQos : qos(t.get(2), fname))
                                .build());
                    } else {
                        subs.add(Mqtt3Subscription.builder()
                                .topicFilter(t.checkjstring())
                                .qos(defQos)
                                .build());
                    }
                }
            }
            if (subs.isEmpty()) {
                throw LuaArgs.argError(1, fname, "topic string or list of topics expected");
            }
            int id = ++nextPacketId;
            Mqtt3Subscribe sub = Mqtt3Subscribe.builder().addSubscriptions(subs).build();
            complete(
                    unlessEnded(() -> client.subscribe(sub)),
                    id,
                    "subscribed",
                    LuaObjects.callback(o, "callback"),
                    ack -> {
                        LuaTable e = new LuaTable();
                        LuaTable results = new LuaTable();
                        int i = 1;
                        for (Mqtt3SubAckReturnCode rc :
                                ((com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAck) ack)
                                        .getReturnCodes()) {
                            results.set(i++, LuaValue.valueOf(rc.getCode()));
                        }
                        e.set("results", results);
                        return e;
                    });
            return LuaValue.valueOf(id);
        }

        private Varargs unsubscribe(Varargs a) {
            String fname = "mqtt.Client:unsubscribe";
            LuaTable o = LuaObjects.optTable(a, 2, fname);
            List<String> topics = new ArrayList<>();
            if (a.arg1().isstring()) {
                topics.add(a.arg1().tojstring());
            } else if (a.arg1().istable()) {
                for (int i = 1; i <= a.arg1().length(); i++) {
                    topics.add(a.arg1().get(i).checkjstring());
                }
            }
            if (topics.isEmpty()) {
                throw LuaArgs.argError(1, fname, "topic string or list of topics expected");
            }
            Mqtt3UnsubscribeBuilder.Complete ub = null;
            for (String t : topics) {
                ub = ub == null ? Mqtt3Unsubscribe.builder().topicFilter(t) : ub.addTopicFilter(t);
            }
            int id = ++nextPacketId;
            Mqtt3Unsubscribe unsub = ub.build();
            complete(
                    unlessEnded(() -> client.unsubscribe(unsub)),
                    id,
                    "unsubscribed",
                    LuaObjects.callback(o, "callback"),
                    null);
            return LuaValue.valueOf(id);
        }

        private Varargs publish(Varargs a) {
            String fname = "mqtt.Client:publish";
            String topic =
                    LuaObjects.bytesArg(a, 1, fname).length == 0 ? "" : a.arg1().tojstring();
            if (topic.isEmpty()) {
                throw LuaArgs.argError(1, fname, "topic must not be empty");
            }
            byte[] payload = a.arg(2).isnil() ? new byte[0] : LuaObjects.bytesArg(a, 2, fname);
            LuaTable o = LuaObjects.optTable(a, 3, fname);
            int id = ++nextPacketId;
            CompletableFuture<?> f;
            try {
                var message = client.publishWith()
                        .topic(topic)
                        .payload(payload)
                        .qos(qos(o.get("qos"), fname))
                        .retain(LuaObjects.bool(o, "retain", false));
                f = unlessEnded(message::send);
            } catch (IllegalArgumentException e) {
                throw new LuaError(fname + ": " + e.getMessage());
            }
            complete(f, id, "published", LuaObjects.callback(o, "callback"), null);
            return LuaValue.valueOf(id);
        }

        private Varargs disconnect(Varargs a) {
            LuaTable o = LuaObjects.optTable(a, 1, "mqtt.Client:disconnect");
            LuaValue callback = LuaObjects.callback(o, "callback");
            KeepAlive ka = rt.keepAlive();
            boolean was = connected;
            connected = false;
            ended = true;
            client.disconnect()
                    .whenComplete((x, failure) -> rt.dispatch("mqtt", context, ka, () -> {
                        if (callback != null) {
                            engine.callProtected("mqtt", callback, LuaValue.NONE);
                        }
                        if (was) {
                            closed("disconnect");
                        } else {
                            keepAlive.release();
                        }
                    }));
            return LuaValue.NONE;
        }
    }

    private static MqttQos qos(LuaValue v, String fname) {
        if (v.isnil()) {
            return MqttQos.AT_MOST_ONCE;
        }
        MqttQos q = v.isnumber() ? MqttQos.fromCode(v.toint()) : null;
        if (q == null) {
            throw new LuaError(fname + ": qos must be 0, 1 or 2 (got " + v.tojstring() + ")");
        }
        return q;
    }

    private static MqttClientSslConfig sslConfig(boolean check, String caFile, String fname) {
        var b = MqttClientSslConfig.builder();
        if (!check) {
            b = b.trustManagerFactory(InsecureTrustManagerFactory.INSTANCE).hostnameVerifier((h, s) -> true);
        } else if (caFile != null) {
            try (InputStream in = Files.newInputStream(Path.of(caFile))) {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                int i = 0;
                for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    ks.setCertificateEntry("ca" + i++, cert);
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                b = b.trustManagerFactory(tmf);
            } catch (Exception e) {
                throw new LuaError(fname + ": cannot read caFile '" + caFile + "' (" + e.getMessage() + ")");
            }
        }
        return b.build();
    }
}
