package dev.jeplua.net;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Locale;
import javax.net.ssl.TrustManagerFactory;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * What {@link MqttBackend} reads from Lua before it talks to a broker: the broker URI, QoS
 * values, the TLS settings, and the constant tables {@code QoS} and {@code MQTTConnectReturnCode}.
 * No state; the table builders are engine thread only (they make Lua values).
 */
public final class MqttSupport {
    private MqttSupport() {}

    /** The {@code QoS} table. */
    public static LuaTable qosTable() {
        LuaTable q = new LuaTable();
        q.set("AT_MOST_ONCE", 0);
        q.set("AT_LEAST_ONCE", 1);
        q.set("EXACTLY_ONCE", 2);
        return q;
    }

    /**
     * The {@code MQTTConnectReturnCode} table: the CONNACK return codes of MQTT 3.1.1
     * ({@code CONNECTION_ACCEPTED=0} ... {@code NOT_AUTHORIZED=5}), as EPLua names them.
     */
    public static LuaTable returnCodeTable() {
        LuaTable t = new LuaTable();
        String[] names = {
            "CONNECTION_ACCEPTED",
            "UNACCEPTABLE_PROTOCOL_VERSION",
            "IDENTIFIER_REJECTED",
            "SERVER_UNAVAILABLE",
            "BAD_USERNAME_OR_PASSWORD",
            "NOT_AUTHORIZED"
        };
        for (int i = 0; i < names.length; i++) {
            t.set(names[i], i);
        }
        return t;
    }

    record Target(String host, int port, boolean tls) {}

    static Target parseUri(String text, String fname) {
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

    static MqttQos qos(LuaValue v, String fname) {
        if (v.isnil()) {
            return MqttQos.AT_MOST_ONCE;
        }
        MqttQos q = v.isnumber() ? MqttQos.fromCode(v.toint()) : null;
        if (q == null) {
            throw new LuaError(fname + ": qos must be 0, 1 or 2 (got " + v.tojstring() + ")");
        }
        return q;
    }

    static MqttClientSslConfig sslConfig(boolean check, String caFile, String fname) {
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
