package dev.jeplua.net;

import dev.jeplua.engine.api.EngineContext;
import dev.jeplua.engine.api.Library;
import dev.jeplua.engine.api.LuaModules;
import dev.jeplua.engine.api.NamedFunction;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;

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
 */
public final class NetLib implements Library {
    /** The {@code net} and {@code mqtt} libraries; their runtime is created at install and closes with the engine. */
    public NetLib() {}

    @Override
    public void install(EngineContext engine, Globals env) {
        NetRuntime rt = new NetRuntime(engine);
        HttpClientBackend http = new HttpClientBackend(rt);
        HttpServerBackend httpServer = new HttpServerBackend(rt);
        TcpBackend tcp = new TcpBackend(rt);
        UdpBackend udp = new UdpBackend(rt);
        WebSocketClientBackend wsClient = new WebSocketClientBackend(rt);
        WebSocketServerBackend wsServer = new WebSocketServerBackend(rt);
        MqttBackend mqtt = new MqttBackend(rt);

        LuaTable net = new LuaTable();
        NamedFunction.define(net, "HTTPClient", http::newClient);
        NamedFunction.define(net, "http", http::http);
        NamedFunction.define(net, "HTTPServer", httpServer::newServer);
        NamedFunction.define(net, "TCPSocket", tcp::newSocket);
        NamedFunction.define(net, "TCPServer", tcp::newServer);
        NamedFunction.define(net, "UDPSocket", udp::newSocket);
        NamedFunction ws = new NamedFunction("WebSocketClient", wsClient::newClient);
        net.set("WebSocketClient", ws);
        net.set("WebSocketClientTls", ws);
        NamedFunction.define(net, "WebSocketServer", wsServer::newServer);
        NamedFunction.define(net, "WebSocketEchoServer", wsServer::newEchoServer);

        LuaTable client = new LuaTable();
        NamedFunction.define(client, "connect", mqtt::connect);
        LuaTable qos = MqttSupport.qosTable();
        LuaTable returnCodes = MqttSupport.returnCodeTable();
        net.set("Client", client);
        net.set("QoS", qos);
        net.set("MQTTConnectReturnCode", returnCodes);
        NamedFunction.define(net, "MQTTClient", mqtt::legacyClient);
        LuaTable mqttTable = new LuaTable();
        mqttTable.set("Client", client);
        mqttTable.set("QoS", qos);
        mqttTable.set("MQTTConnectReturnCode", returnCodes);

        NamedFunction.define(engine.hostTable(), "call_http", new CallHttp(rt, http)::call);

        LuaModules.register(env, "net", net);
        LuaModules.register(env, "mqtt", mqttTable);
    }
}
