package io.epimetheus.http.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.epimetheus.api.config.ConfigService;
import io.epimetheus.api.config.ReloadStatus;
import io.epimetheus.api.query.ErrorType;
import io.epimetheus.api.storage.StorageAdmin;
import io.epimetheus.api.storage.StorageException;
import io.epimetheus.http.json.ApiJson;
import io.epimetheus.http.json.PromJson;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import javax.servlet.http.HttpServletResponse;

/**
 * {@code /status/config} (the running configuration as the configuration service prints it, in
 * Prometheus's form), {@code /status/flags} and {@code /status/runtimeinfo}.
 */
final class StatusEndpoints {

    private StatusEndpoints() {
    }

    static void config(ApiCall call, HttpServletResponse resp) throws ApiException, IOException {
        ConfigService config = call.services().requireConfig();
        String yaml = config.toYaml(config.current());
        if (yaml == null) {
            throw new ApiException(ErrorType.UNAVAILABLE, "the ConfigService in use (" + config.getClass().getName()
                    + ") cannot print the configuration; epimetheus-config's can (feature:install epimetheus-config)");
        }
        try (JsonGenerator g = ApiJson.startSuccess(resp)) {
            g.writeStartObject();
            g.writeStringField("yaml", yaml);
            g.writeEndObject();
            ApiJson.endSuccess(g);
        }
    }

    static void flags(ApiCall call, HttpServletResponse resp) throws IOException {
        try (JsonGenerator g = ApiJson.startSuccess(resp)) {
            g.writeStartObject();
            for (Map.Entry<String, String> e : new TreeMap<>(call.config().flags()).entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            ApiJson.endSuccess(g);
        }
    }

    static void runtimeInfo(ApiCall call, HttpServletResponse resp) throws IOException {
        ConfigService config = call.services().config();
        ReloadStatus reload = config == null ? null : config.lastReload();
        Runtime rt = Runtime.getRuntime();
        String retention = call.config().flags().getOrDefault("storage.tsdb.retention.time", "");
        String size = call.config().flags().getOrDefault("storage.tsdb.retention.size", "0");
        if (!size.isEmpty() && !size.equals("0") && !size.equals("0B")) {
            retention = retention.isEmpty() || retention.equals("0") || retention.equals("0s") ? size : retention + " or " + size;
        }
        long corruptions = 0;
        StorageAdmin admin = call.services().storageAdmin();
        if (admin != null) {
            try {
                retention = admin.info().retention();
                corruptions = admin.walReplay().corruption() == null ? 0 : 1;
            } catch (StorageException e) {
                // A closing storage leaves the flag-derived retention in the answer.
            }
        }
        try (JsonGenerator g = ApiJson.startSuccess(resp)) {
            g.writeStartObject();
            g.writeStringField("startTime",
                    PromJson.time(Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime())));
            g.writeStringField("CWD", System.getProperty("user.dir", ""));
            g.writeStringField("hostname", hostname());
            g.writeStringField("serverTime", PromJson.time(Instant.now()));
            g.writeBooleanField("reloadConfigSuccess", reload != null && reload.success());
            g.writeStringField("lastConfigTime", PromJson.timeOrZero(reload == null ? null : reload.lastSuccess()));
            g.writeNumberField("corruptionCount", corruptions);
            g.writeNumberField("goroutineCount", Thread.activeCount());
            g.writeNumberField("GOMAXPROCS", rt.availableProcessors());
            g.writeNumberField("GOMEMLIMIT", rt.maxMemory());
            g.writeStringField("GOGC", "");
            g.writeStringField("GODEBUG", "");
            g.writeStringField("storageRetention", retention);
            g.writeEndObject();
            ApiJson.endSuccess(g);
        }
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "";
        }
    }
}
