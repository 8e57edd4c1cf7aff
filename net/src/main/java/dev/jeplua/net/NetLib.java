package dev.jeplua.net;

import dev.jeplua.engine.api.EngineContext;
import dev.jeplua.engine.api.Library;
import dev.jeplua.engine.api.LibraryFunction;
import dev.jeplua.engine.api.LuaModules;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.Varargs;

/**
 * The global {@code net} table (README.md#networking-net-mqtt; API shapes of EPLua/plua, which follow the Fibaro
 * HC3 {@code net} API) and the global {@code mqtt} (same {@code Client} and {@code QoS}):
 * <pre>
 * net.HTTPClient([{timeout=ms}])          :request(url, {options=, success=, error=})
 * net.http(url [, options]) → resp | nil, err          (inside a coroutine; yields)
 * net.HTTPServer()                        :start(host, port, fn(method, path, body, headers)) → port
 * net.TCPSocket([{timeout=ms}])           :connect/:send/:write/:read/:readUntil/:close
 * net.TCPServer()                         :start(host, port, fn(clientSocket, ip, port)) → port
 * net.UDPSocket([{bind={host,port}, broadcast=bool}])  :sendTo/:receive/:close
 * net.WebSocketClient([options])          (alias WebSocketClientTls) :addEventListener/:connect/:send/:isOpen/:close
 * net.WebSocketServer()                   :start(host, port, {started, connected, disconnected, receive, error}) → port
 * net.WebSocketEchoServer(host, port [, debug])  a started WebSocketServer answering "Echo: " .. msg
 * net.Client.connect(uri, options)        (also mqtt.Client.connect) MQTT 3.1.1 client
 * net.MQTTClient()                        EPLua's legacy client: :connect(uri, options) → itself
 * net.QoS, mqtt.QoS                       {AT_MOST_ONCE=0, AT_LEAST_ONCE=1, EXACTLY_ONCE=2}
 * net.MQTTConnectReturnCode, mqtt.MQTTConnectReturnCode   {CONNECTION_ACCEPTED=0, ..., NOT_AUTHORIZED=5}
 * _PY.call_http(url, opts, callbackId | fn)   EPLua's HTTP primitive ({@link CallHttp})
 * </pre>
 * Every operation returns at once; outcomes arrive as callbacks on the engine thread inside a
 * coroutine. Timeouts are in milliseconds. The details of each are documented on its backend
 * class in this package.
 *
 * <p>Nothing of Netty, the JDK's HTTP client or HiveMQ is touched at install (only
 * {@link NetRuntime}'s process-wide Netty settings are made): the runtime and each
 * backend are created by the first call that needs them, so a script that never uses the network
 * does not pay for their classes at start-up (docs/design.md#start-up-and-exit-cli).
 */
public final class NetLib implements Library {
    /** The {@code net} and {@code mqtt} libraries; their runtime is created at first use and closes with the engine. */
    public NetLib() {}

    @Override
    public void install(EngineContext engine, Globals env) {
        NetRuntime.initialiseProcess(); // before anything of the process loads Netty, as before
        Functions f = new Functions(engine);
        LuaTable net = new LuaTable();
        LibraryFunction.define(net, "HTTPClient", HTTP_CLIENT, f);
        LibraryFunction.define(net, "http", HTTP, f);
        LibraryFunction.define(net, "HTTPServer", HTTP_SERVER, f);
        LibraryFunction.define(net, "TCPSocket", TCP_SOCKET, f);
        LibraryFunction.define(net, "TCPServer", TCP_SERVER, f);
        LibraryFunction.define(net, "UDPSocket", UDP_SOCKET, f);
        LibraryFunction ws = new LibraryFunction("WebSocketClient", WEBSOCKET_CLIENT, f);
        net.set("WebSocketClient", ws);
        net.set("WebSocketClientTls", ws);
        LibraryFunction.define(net, "WebSocketServer", WEBSOCKET_SERVER, f);
        LibraryFunction.define(net, "WebSocketEchoServer", WEBSOCKET_ECHO_SERVER, f);

        LuaTable client = new LuaTable();
        LibraryFunction.define(client, "connect", MQTT_CONNECT, f);
        LuaTable qos = MqttSupport.qosTable();
        LuaTable returnCodes = MqttSupport.returnCodeTable();
        net.set("Client", client);
        net.set("QoS", qos);
        net.set("MQTTConnectReturnCode", returnCodes);
        LibraryFunction.define(net, "MQTTClient", MQTT_LEGACY_CLIENT, f);
        LuaTable mqttTable = new LuaTable();
        mqttTable.set("Client", client);
        mqttTable.set("QoS", qos);
        mqttTable.set("MQTTConnectReturnCode", returnCodes);

        LibraryFunction.define(engine.hostTable(), "call_http", CALL_HTTP, f);

        LuaModules.register(env, "net", net);
        LuaModules.register(env, "mqtt", mqttTable);
    }

    // function numbers of Functions
    private static final int HTTP_CLIENT = 0;
    private static final int HTTP = 1;
    private static final int HTTP_SERVER = 2;
    private static final int TCP_SOCKET = 3;
    private static final int TCP_SERVER = 4;
    private static final int UDP_SOCKET = 5;
    private static final int WEBSOCKET_CLIENT = 6;
    private static final int WEBSOCKET_SERVER = 7;
    private static final int WEBSOCKET_ECHO_SERVER = 8;
    private static final int MQTT_CONNECT = 9;
    private static final int MQTT_LEGACY_CLIENT = 10;
    private static final int CALL_HTTP = 11;

    /**
     * The functions of {@code net}, {@code mqtt} and {@code _PY.call_http}, with the runtime and
     * the backends created at the first call that needs each. Called from Lua code (the engine
     * thread); the getters are synchronized all the same.
     */
    private static final class Functions implements LibraryFunction.Body {
        private final EngineContext engine;
        private NetRuntime rt;
        private HttpClientBackend http;
        private HttpServerBackend httpServer;
        private TcpBackend tcp;
        private UdpBackend udp;
        private WebSocketClientBackend wsClient;
        private WebSocketServerBackend wsServer;
        private MqttBackend mqtt;
        private CallHttp callHttp;

        Functions(EngineContext engine) {
            this.engine = engine;
        }

        @Override
        public Varargs call(int index, Varargs a) {
            return switch (index) {
                case HTTP_CLIENT -> http().newClient(a);
                case HTTP -> http().http(a);
                case HTTP_SERVER -> httpServer().newServer(a);
                case TCP_SOCKET -> tcp().newSocket(a);
                case TCP_SERVER -> tcp().newServer(a);
                case UDP_SOCKET -> udp().newSocket(a);
                case WEBSOCKET_CLIENT -> wsClient().newClient(a);
                case WEBSOCKET_SERVER -> wsServer().newServer(a);
                case WEBSOCKET_ECHO_SERVER -> wsServer().newEchoServer(a);
                case MQTT_CONNECT -> mqtt().connect(a);
                case MQTT_LEGACY_CLIENT -> mqtt().legacyClient(a);
                case CALL_HTTP -> callHttp().call(a);
                default -> throw new IllegalArgumentException("net: no function " + index);
            };
        }

        private synchronized NetRuntime rt() {
            if (rt == null) {
                rt = new NetRuntime(engine);
            }
            return rt;
        }

        private synchronized HttpClientBackend http() {
            if (http == null) {
                http = new HttpClientBackend(rt());
            }
            return http;
        }

        private synchronized HttpServerBackend httpServer() {
            if (httpServer == null) {
                httpServer = new HttpServerBackend(rt());
            }
            return httpServer;
        }

        private synchronized TcpBackend tcp() {
            if (tcp == null) {
                tcp = new TcpBackend(rt());
            }
            return tcp;
        }

        private synchronized UdpBackend udp() {
            if (udp == null) {
                udp = new UdpBackend(rt());
            }
            return udp;
        }

        private synchronized WebSocketClientBackend wsClient() {
            if (wsClient == null) {
                wsClient = new WebSocketClientBackend(rt());
            }
            return wsClient;
        }

        private synchronized WebSocketServerBackend wsServer() {
            if (wsServer == null) {
                wsServer = new WebSocketServerBackend(rt());
            }
            return wsServer;
        }

        private synchronized MqttBackend mqtt() {
            if (mqtt == null) {
                mqtt = new MqttBackend(rt());
            }
            return mqtt;
        }

        private synchronized CallHttp callHttp() {
            if (callHttp == null) {
                callHttp = new CallHttp(rt(), http());
            }
            return callHttp;
        }
    }
}
