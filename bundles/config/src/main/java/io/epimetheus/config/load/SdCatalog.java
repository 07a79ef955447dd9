package io.epimetheus.config.load;

import java.util.Set;

/**
 * The service discovery types Prometheus knows, so a {@code <type>_sd_configs} section for one
 * that no installed plugin provides can be rejected with the Karaf feature to install rather than
 * as an unknown field.
 */
public final class SdCatalog {

    private static final Set<String> PROMETHEUS_TYPES = Set.of("static", "file", "azure", "consul", "digitalocean",
            "dns", "docker", "dockerswarm", "ec2", "ecs", "elasticache", "eureka", "gce", "hetzner", "http", "ionos",
            "kubernetes", "kuma", "lightsail", "linode", "marathon", "msk", "nerve", "nomad", "oci", "openstack",
            "outscale", "ovhcloud", "puppetdb", "rds", "scaleway", "serverset", "stackit", "triton", "uyuni", "vultr");

    private SdCatalog() {
    }

    /** Whether Prometheus has an SD mechanism of this type. */
    public static boolean isPrometheusType(String type) {
        return PROMETHEUS_TYPES.contains(type);
    }

    /** The Karaf feature that provides an SD type: the scrape bundle for static and file, else {@code epimetheus-sd-<type>}. */
    public static String featureFor(String type) {
        return "static".equals(type) || "file".equals(type) ? "epimetheus-scrape" : "epimetheus-sd-" + type;
    }

    /** The SD type of a configuration key, or {@code null} if the key is not an SD section. */
    public static String typeOfKey(String key) {
        if ("static_configs".equals(key)) {
            return "static";
        }
        if (key.endsWith("_sd_configs") && key.length() > "_sd_configs".length()) {
            return key.substring(0, key.length() - "_sd_configs".length());
        }
        return null;
    }
}
