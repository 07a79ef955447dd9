package io.epimetheus.http.settings;

import java.util.HashMap;
import java.util.Map;

/**
 * The Prometheus command-line flags in effect, as {@code /api/v1/status/flags} reports them: the
 * launcher's system properties ({@code epimetheus.*}, set from the flags by {@code ./epimetheus})
 * and the HTTP settings.
 */
public final class Flags {

    private Flags() {
    }

    public static Map<String, String> of(HttpSettings s) {
        Map<String, String> flags = new HashMap<>();
        flags.put("config.file", System.getProperty("epimetheus.config.file", ""));
        flags.put("storage.tsdb.path", System.getProperty("epimetheus.storage.tsdb.path", ""));
        flags.put("storage.tsdb.retention.time", System.getProperty("epimetheus.storage.tsdb.retention.time", "15d"));
        flags.put("storage.tsdb.retention.size", System.getProperty("epimetheus.storage.tsdb.retention.size", "0B"));
        String host = System.getProperty("epimetheus.web.listen.host", "0.0.0.0");
        String port = System.getProperty("epimetheus.web.listen.port", "9090");
        flags.put("web.listen-address", (host.equals("0.0.0.0") ? "" : host.contains(":") ? "[" + host + "]" : host) + ":" + port);
        flags.put("web.enable-lifecycle", String.valueOf(s.enable_lifecycle()));
        flags.put("web.enable-admin-api", String.valueOf(s.enable_admin_api()));
        flags.put("web.enable-remote-write-receiver", String.valueOf(s.enable_remote_write_receiver()));
        flags.put("web.config.file", s.web_config_file());
        flags.put("web.cors.origin", s.cors_origin());
        flags.put("query.lookback-delta", s.query_lookback_delta());
        return flags;
    }
}
