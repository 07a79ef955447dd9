package io.epimetheus.scrape.target;

import io.epimetheus.api.config.PromDuration;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.api.model.MetricMetadata;
import io.epimetheus.api.scrape.ActiveTarget;
import io.epimetheus.api.scrape.TargetHealth;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One target of a scrape pool: its labels (including the {@code __} labels that say how to scrape
 * it), the URL they give, and the state of its last scrape. The state and metadata are updated by
 * the target's scrape loop and read by the targets view; both sides synchronise on the target.
 */
public final class ScrapeTarget {

    private final String pool;
    private final Labels labels;
    private final Labels discovered;
    private final Labels publicLabels;
    private final String url;
    private final long intervalMillis;
    private final long timeoutMillis;
    private final long hash;

    private TargetHealth health = TargetHealth.UNKNOWN;
    private String lastError = "";
    private Instant lastScrape;
    private Duration lastDuration = Duration.ZERO;
    private Map<String, MetricMetadata> metadata = Map.of();

    /**
     * @param pool the scrape pool (job name)
     * @param labels the processed target labels from {@link TargetBuilder}
     * @param discovered the labels before relabeling
     * @param params the scrape config's URL parameters
     */
    public ScrapeTarget(String pool, Labels labels, Labels discovered, Map<String, List<String>> params) {
        this.pool = pool;
        this.labels = labels;
        this.discovered = discovered;
        LabelsBuilder b = new LabelsBuilder();
        for (int i = 0; i < labels.size(); i++) {
            if (!labels.name(i).startsWith("__")) {
                b.set(labels.name(i), labels.value(i));
            }
        }
        this.publicLabels = b.build();
        this.url = buildUrl(labels, params);
        this.intervalMillis = PromDuration.parse(labels.getOrEmpty(TargetBuilder.SCRAPE_INTERVAL));
        this.timeoutMillis = PromDuration.parse(labels.getOrEmpty(TargetBuilder.SCRAPE_TIMEOUT));
        this.hash = fnv64a(url, labels.hash());
    }

    public String pool() {
        return pool;
    }

    /** All labels, including {@code __address__}, {@code __scheme__} and the other {@code __} ones. */
    public Labels labels() {
        return labels;
    }

    /** The labels added to scraped series: those not starting with {@code __}. */
    public Labels publicLabels() {
        return publicLabels;
    }

    public Labels discovered() {
        return discovered;
    }

    public String url() {
        return url;
    }

    public long intervalMillis() {
        return intervalMillis;
    }

    public long timeoutMillis() {
        return timeoutMillis;
    }

    /** A hash of labels and URL: identifies the target within its pool and spreads scrape offsets. */
    public long hash() {
        return hash;
    }

    /**
     * When to scrape first, in milliseconds from {@code nowMillis}: a fixed phase within the
     * interval derived from the target and {@code seed}, so scrapes of many targets spread evenly
     * and each target keeps its phase across restarts.
     */
    public long initialDelay(long nowMillis, long seed) {
        long base = intervalMillis - Math.floorMod(nowMillis, intervalMillis);
        long offset = Long.remainderUnsigned(hash ^ seed, intervalMillis);
        long next = base + offset;
        return next > intervalMillis ? next - intervalMillis : next;
    }

    /** Records the outcome of a scrape. */
    public synchronized void report(Instant start, Duration duration, String error) {
        health = error == null ? TargetHealth.UP : TargetHealth.DOWN;
        lastError = error == null ? "" : error;
        lastScrape = start;
        lastDuration = duration;
    }

    /** Replaces the metadata of the metric families the target exposed in its last scrape. */
    public synchronized void metadata(Map<String, MetricMetadata> byFamily) {
        metadata = byFamily;
    }

    public synchronized Map<String, MetricMetadata> metadata() {
        return metadata;
    }

    public synchronized String lastError() {
        return lastError;
    }

    public synchronized TargetHealth health() {
        return health;
    }

    /** The target as the targets API shows it. */
    public synchronized ActiveTarget view() {
        return new ActiveTarget(pool, discovered, publicLabels, url, url, health, lastError, lastScrape, lastDuration,
                Duration.ofMillis(intervalMillis), Duration.ofMillis(timeoutMillis));
    }

    /** {@code scheme://address/path?params}, parameters from the config overridden by {@code __param_*} labels. */
    static String buildUrl(Labels labels, Map<String, List<String>> params) {
        TreeMap<String, List<String>> query = new TreeMap<>(params);
        for (int i = 0; i < labels.size(); i++) {
            String name = labels.name(i);
            if (name.startsWith(TargetBuilder.PARAM_PREFIX)) {
                String key = name.substring(TargetBuilder.PARAM_PREFIX.length());
                List<String> values = query.get(key);
                if (values == null || values.isEmpty()) {
                    query.put(key, List.of(labels.value(i)));
                } else {
                    List<String> copy = new java.util.ArrayList<>(values);
                    copy.set(0, labels.value(i));
                    query.put(key, copy);
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(labels.getOrEmpty(TargetBuilder.SCHEME)).append("://").append(labels.getOrEmpty(TargetBuilder.ADDRESS));
        String path = labels.getOrEmpty(TargetBuilder.METRICS_PATH);
        if (!path.isEmpty() && !path.startsWith("/")) {
            sb.append('/');
        }
        escape(sb, path, true);
        boolean first = true;
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            for (String v : e.getValue()) {
                sb.append(first ? '?' : '&');
                first = false;
                escape(sb, e.getKey(), false);
                sb.append('=');
                escape(sb, v, false);
            }
        }
        return sb.toString();
    }

    /** Percent-encodes like Go's {@code url.PathEscape}-in-path ({@code path}) or {@code url.QueryEscape}. */
    private static void escape(StringBuilder sb, String s, boolean path) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~';
            if (unreserved || (path && "/:@!$&'()*+,;=".indexOf(c) >= 0)) {
                sb.append((char) c);
            } else if (!path && c == ' ') {
                sb.append('+');
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
    }

    private static long fnv64a(String s, long seed) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < 8; i++) {
            h ^= (seed >>> (8 * i)) & 0xFF;
            h *= 0x100000001b3L;
        }
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
