package io.epimetheus.config.load;

import io.epimetheus.api.config.TlsConfig;
import io.epimetheus.api.config.TracingConfig;
import io.epimetheus.config.yaml.YamlNode;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** Reads the {@code tracing} section. */
final class TracingReader {

    private static final Set<String> KEYS = Set.of("client_type", "endpoint", "sampling_fraction", "insecure",
            "tls_config", "headers", "compression", "timeout");

    private TracingReader() {
    }

    static TracingConfig read(YamlNode node, FileResolver files) {
        if (node == null) {
            return null;
        }
        Section s = Section.of(node, "config.plain", KEYS);
        String clientType = s.string("client_type", "grpc");
        if (!clientType.equals("grpc") && !clientType.equals("http")) {
            throw Errors.at(s.line("client_type"),
                    "expected tracing client type to be to be http or grpc, but got " + clientType);
        }
        Map<String, String> headers = s.stringMap("headers");
        Headers.validate(headers, s.line("headers"), "custom authorization header configuration is not yet supported");
        String endpoint = s.string("endpoint", "");
        if (endpoint.isEmpty()) {
            throw Errors.at(s.line(), "tracing endpoint must be set");
        }
        String compression = s.string("compression", "");
        if (!compression.isEmpty() && !compression.equals("gzip")) {
            throw Errors.at(s.line("compression"),
                    "invalid compression type " + compression + " provided, valid options: gzip");
        }
        TlsConfig tls = s.isSet("tls_config") ? HttpClientReader.tls(s.get("tls_config"), files) : TlsConfig.DEFAULT;
        return new TracingConfig(clientType, endpoint, s.number("sampling_fraction", 0), s.bool("insecure", false), tls,
                headers, compression, s.duration("timeout", Duration.ZERO));
    }
}
