package io.epimetheus.config.load;

import io.epimetheus.api.config.ConfigException;
import io.epimetheus.api.config.SdConfig;
import io.epimetheus.api.discovery.Discoverer;
import io.epimetheus.api.discovery.DiscovererFactory;
import io.epimetheus.api.discovery.DiscoveryContext;
import io.epimetheus.config.yaml.GoStrings;
import io.epimetheus.config.yaml.YamlNode;
import io.epimetheus.config.yaml.YamlNode.Entry;
import io.epimetheus.config.yaml.YamlNode.Mapping;
import io.epimetheus.config.yaml.YamlNode.Scalar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The {@code static_configs} and {@code <type>_sd_configs} sections of scrape and Alertmanager
 * configs. Each entry is validated by the installed plugin for its type as it is read, at the point
 * where Prometheus decodes it (before the enclosing section's own checks), so errors come in the
 * same order as Prometheus reports them. A type without a plugin is rejected naming the feature to
 * install.
 */
final class SdSections {

    private final SdRegistry registry;
    private final Path configDir;

    SdSections(SdRegistry registry, Path configDir) {
        this.registry = registry;
        this.configDir = configDir;
    }

    /** Accepts the keys of SD sections of known or installed types. */
    Predicate<String> keys() {
        return key -> {
            String type = SdCatalog.typeOfKey(key);
            return type != null && (SdCatalog.isPrometheusType(type) || registry.factory(type) != null);
        };
    }

    /**
     * Collects the SD sections of a config in document order.
     *
     * @param jobName the job (or Alertmanager set) they belong to
     * @param checkStaticAddresses whether static targets must be host:port (Prometheus checks this
     *     only when there is no target relabeling that could fix them)
     */
    List<SdConfig> collect(Section s, String jobName, boolean checkStaticAddresses) {
        List<SdConfig> out = new ArrayList<>();
        Map<String, Integer> indexes = new HashMap<>();
        for (Entry e : s.entries()) {
            String type = SdCatalog.typeOfKey(e.key());
            if (type == null) {
                continue;
            }
            for (YamlNode item : s.listOrEmpty(e.key())) {
                boolean emptyStatic = "static".equals(type) && item instanceof Mapping m && m.entries().isEmpty();
                if ((item instanceof Scalar sc && sc.isNull()) || emptyStatic) {
                    throw Errors.at(item.line(), "empty or null section in " + e.key());
                }
                if (!(item instanceof Mapping m)) {
                    String value = item instanceof Scalar sc ? " `" + sc.text() + "`" : "";
                    throw Errors.at(item.line(), "unmarshal errors: field " + e.key() + ": cannot unmarshal "
                            + item.tagName() + value + " into " + type + ".SDConfig");
                }
                Map<String, Object> raw = RawYaml.toMap(m, type + ".plain");
                if ("static".equals(type) && checkStaticAddresses) {
                    checkStaticTargets(raw, item.line());
                }
                int index = indexes.merge(type, 1, Integer::sum) - 1;
                SdConfig sd = new SdConfig(type, raw);
                validate(sd, new DiscoveryContext(jobName, configDir, index), item.line());
                out.add(sd);
            }
        }
        return out;
    }

    private static void checkStaticTargets(Map<String, Object> raw, int line) {
        if (raw.get("targets") instanceof List<?> targets) {
            for (Object t : targets) {
                if (t instanceof String address && address.contains("/")) {
                    throw Errors.at(line, GoStrings.quote(address) + " is not a valid hostname");
                }
            }
        }
    }

    private void validate(SdConfig sd, DiscoveryContext context, int line) {
        String type = sd.type();
        DiscovererFactory factory = registry.factory(type);
        if (factory == null) {
            throw Errors.at(line, sd.key() + " needs the " + type
                    + " service discovery plugin, which is not installed (feature:install "
                    + SdCatalog.featureFor(type) + ")");
        }
        try {
            Discoverer d = factory.create(sd.config(), context);
            d.close();
        } catch (ConfigException e) {
            throw new ConfigException(null, line, sd.key() + ": " + e.problem(), e);
        } catch (RuntimeException e) {
            throw new ConfigException(null, line, sd.key() + ": " + e.getMessage(), e);
        }
    }
}
