package io.epimetheus.http.api;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The configuration as {@code /api/v1/status/config} shows it: the loaded file re-printed as YAML
 * with every secret replaced by {@code <secret>}, as Prometheus hides them.
 */
final class ConfigYaml {

    /** The keys of Prometheus's secret-typed fields. */
    private static final Set<String> SECRET_KEYS = Set.of("password", "bearer_token", "credentials", "client_secret",
            "secret_key", "key", "access_key", "api_key", "token", "auth_token", "service_key", "routing_key",
            "api_secret", "client_key");

    private ConfigYaml() {
    }

    static String redacted(Path file) throws IOException {
        LoaderOptions lo = new LoaderOptions();
        Object doc;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            doc = new Yaml(new SafeConstructor(lo)).load(r);
        }
        DumperOptions dumper = new DumperOptions();
        dumper.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        dumper.setIndicatorIndent(0);
        dumper.setIndent(2);
        Yaml out = new Yaml(new Representer(dumper), dumper);
        return doc == null ? "" : out.dump(redact(doc, null));
    }

    private static Object redact(Object node, String key) {
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                copy.put(e.getKey(), redact(e.getValue(), String.valueOf(e.getKey())));
            }
            return copy;
        }
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object o : list) {
                copy.add(redact(o, null));
            }
            return copy;
        }
        if (key != null && SECRET_KEYS.contains(key) && node != null) {
            return "<secret>";
        }
        return node;
    }
}
