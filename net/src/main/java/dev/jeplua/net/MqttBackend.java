package dev.jeplua.net;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientExecutorConfig;
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
import dev.jeplua.engine.reload.RunScope;
import dev.jeplua.engine.session.ExecutionContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
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
 *                                                          ("disconnected": EPLua's name, same event)
 * c:addEventListener("subscribed"|"unsubscribed"|"published", function(e) end)  -- e = {packetId, ...}
 * c:subscribe(topic | {topic, ...} | {{topic, qos}, ...}, {qos=0, callback=fn(e)}) → packetId
 * c:unsubscribe(topic | {topic, ...}, {callback=fn(e)}) → packetId
 * c:publish(topic, payload, {qos=0, retain=false, callback=fn(e)}) → packetId
 * c:disconnect({callback=fn()}), c:isConnected(), c:unref()
 * c:removeEventListener(name)                            -- drops every listener of that event
 * c:getInfo() → {connected, client_id, host, port, use_tls, subscriptions = {topic filter, ...}}
 * c.client_id, c.connected                               -- fields, as in EPLua (connected follows the state)
 * net.MQTTClient():connect(uri, options) → the object itself, now a client (EPLua's legacy API)
 * (after disconnect() or a lost connection, subscribe/unsubscribe/publish report the error
 *  "connection closed" to their callback, {packetId, error}, and to the "error" event)
 * net.QoS = {AT_MOST_ONCE=0, AT_LEAST_ONCE=1, EXACTLY_ONCE=2}
 * </pre>
 * The {@code connected}, {@code message} and {@code closed}/{@code disconnected} event tables also
 * carry EPLua's fields {@code event} (the event's EPLua name) and {@code client_id}; {@code connected}
 * also has {@code success = true}.
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

    /** {@code Client.connect(uri, options)} → client handle. Engine thread. */
    public LuaValue connect(Varargs a) {
        if (a.arg1().istable() && a.arg1().get("connect").isfunction()) {
            a = a.subargs(2); // called as Client:connect(...)
        }
        return connectInto(LuaObjects.handle("mqtt.Client"), a, "mqtt.Client.connect");
    }

    /**
     * {@code net.MQTTClient()}: EPLua's legacy client object. It has only {@code :connect(uri,
     * options)}, which connects as {@code net.Client.connect} does, gives the object itself the
     * fields and methods of the connected client, and returns it. Any other method called before
     * {@code connect} raises Lua's usual {@code attempt to call a nil value}. Engine thread.
     */
    public LuaValue legacyClient(Varargs a) {
        LuaTable t = LuaObjects.handle("MQTTClient");
        LuaObjects.method(t, "MQTTClient", "connect", x -> connectInto(t, x, "MQTTClient:connect"));
        return t;
    }

    private LuaTable connectInto(LuaTable handle, Varargs a, String fname) {
        String uriText =
                LuaObjects.bytesArg(a, 1, fname).length == 0 ? "" : a.arg1().tojstring();
        LuaTable o = LuaObjects.optTable(a, 2, fname);
        Client c = new Client(handle);
        c.start(MqttSupport.parseUri(uriText, fname), o, fname);
        return handle;
    }

    private final class Client {
        final LuaTable handle;
        final Map<String, List<LuaValue>> listeners = new HashMap<>();
        /** Topic filters subscribed and not unsubscribed, for {@code getInfo}. Engine thread only. */
        final java.util.Set<String> subscriptions = new java.util.LinkedHashSet<>();

        String clientId;
        MqttSupport.Target target;
        Mqtt3AsyncClient client;
        ExecutionContext context = ExecutionContext.NONE;
        KeepAlive keepAlive;
        volatile boolean connected;
        /** Set by disconnect() and when the connection is lost: later operations fail at once. */
        volatile boolean ended;

        boolean closedFired;
        int nextPacketId;
        /** Id in the engine's {@link RunScope} from connect until it ends ({@code --watch} disconnects it, the inspector lists it). */
        String scopeId;

        Client(LuaTable handle) {
            this.handle = handle;
        }

        void start(MqttSupport.Target target, LuaTable o, String fname) {
            this.target = target;
            clientId = LuaObjects.string(
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
            handle.set("client_id", clientId);
            handle.set("connected", LuaValue.FALSE);

            Mqtt3ClientBuilder b = MqttClient.builder()
                    .useMqttVersion3()
                    .identifier(clientId)
                    .serverHost(target.host())
                    .serverPort(target.port())
                    .executorConfig(MqttClientExecutorConfig.builder()
                            .nettyExecutor((Executor) rt.group())
                            .build());
            if (tls) {
                b = b.sslConfig(MqttSupport.sslConfig(check, caFile, fname));
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
                    LuaTable m = event("message");
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
                        .qos(MqttSupport.qos(will.get("qos"), fname))
                        .retain(will.get("retain").toboolean())
                        .applyWillPublish();
            }
            keepAlive = rt.keepAlive();
            scopeId = RunScope.of(engine)
                    .add("MQTTClient", target.host() + ":" + target.port(), () -> disconnect(LuaValue.NONE));
            connect.send().whenComplete((ack, failure) -> {
                if (failure == null) {
                    connected = true;
                    boolean present = ack.isSessionPresent();
                    int code = ack.getReturnCode().getCode();
                    rt.dispatch("mqtt", context, null, () -> {
                        handle.set("connected", LuaValue.valueOf(connected));
                        if (callback != null) {
                            engine.callProtected("mqtt", callback, LuaValue.valueOf(0));
                        }
                        LuaTable e = event("connected");
                        e.set("success", LuaValue.TRUE);
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
                        unlist();
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
            LuaObjects.method(handle, type, "removeEventListener", x -> {
                listeners.remove(x.arg1().tojstring());
                return LuaValue.NONE;
            });
            LuaObjects.method(handle, type, "getInfo", x -> info());
            LuaObjects.method(handle, type, "unref", x -> {
                keepAlive.release();
                return LuaValue.NONE;
            });
        }

        /** An event table with EPLua's fields {@code event} and {@code client_id}. Engine thread. */
        LuaTable event(String name) {
            LuaTable e = new LuaTable();
            e.set("event", name);
            e.set("client_id", clientId);
            return e;
        }

        /** {@code getInfo()}: {@code {connected, client_id, host, port, use_tls, subscriptions}}. */
        private LuaTable info() {
            LuaTable t = new LuaTable();
            t.set("connected", LuaValue.valueOf(connected));
            t.set("client_id", clientId);
            t.set("host", target.host());
            t.set("port", target.port());
            t.set("use_tls", LuaValue.valueOf(target.tls()));
            LuaTable subs = new LuaTable();
            int i = 1;
            for (String s : subscriptions) {
                subs.set(i++, LuaValue.valueOf(s));
            }
            t.set("subscriptions", subs);
            return t;
        }

        void fire(String event, Varargs args) {
            List<LuaValue> fns = listeners.get(event);
            if (fns != null) {
                for (LuaValue fn : List.copyOf(fns)) {
                    engine.callProtected("mqtt", fn, args);
                }
            }
        }

        /** Drops the client from the run scope (disconnected, lost, or never connected). Engine thread. */
        private void unlist() {
            RunScope.of(engine).remove(scopeId);
            scopeId = null;
        }

        private void closed(String reason) {
            if (closedFired) {
                return;
            }
            closedFired = true;
            unlist();
            keepAlive.release();
            handle.set("connected", LuaValue.FALSE);
            LuaTable e = event("disconnected");
            e.set("reason", reason);
            fire("closed", e);
            fire("disconnected", e); // EPLua's name of the same event
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
            MqttQos defQos = MqttSupport.qos(o.get("qos"), fname);
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
                                .qos(t.get(2).isnil() ? defQos : MqttSupport.qos(t.get(2), fname))
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
                            if (rc.getCode() < 128 && i <= subs.size()) {
                                subscriptions.add(
                                        subs.get(i - 1).getTopicFilter().toString());
                            }
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
                    ack -> {
                        topics.forEach(subscriptions::remove);
                        return new LuaTable();
                    });
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
                        .qos(MqttSupport.qos(o.get("qos"), fname))
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
            unlist();
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
}
