package io.epimetheus.scrape.target;

import io.epimetheus.api.config.PromDuration;
import io.epimetheus.api.config.ScrapeConfig;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.relabel.Relabeler;
import java.util.List;
import java.util.Map;

/**
 * Turns a discovered target into scrape target labels as Prometheus's {@code PopulateLabels} does:
 * group labels under target labels, the job's defaults ({@code job}, {@code __scheme__},
 * {@code __metrics_path__}, {@code __scrape_interval__}, {@code __scrape_timeout__},
 * {@code __param_<name>}) where not set, target relabeling, then checks of {@code __address__} and
 * the interval and timeout labels, removal of {@code __meta_*} labels and the {@code instance}
 * default. Not thread-safe (it reuses a builder).
 */
public final class TargetBuilder {

    /** Label names Prometheus reserves for scraping. */
    public static final String ADDRESS = "__address__";
    public static final String SCHEME = "__scheme__";
    public static final String METRICS_PATH = "__metrics_path__";
    public static final String SCRAPE_INTERVAL = "__scrape_interval__";
    public static final String SCRAPE_TIMEOUT = "__scrape_timeout__";
    public static final String PARAM_PREFIX = "__param_";
    public static final String META_PREFIX = "__meta_";
    public static final String INSTANCE = "instance";
    public static final String JOB = "job";

    /**
     * The outcome for one discovered target.
     *
     * @param discovered the labels before relabeling
     * @param labels the labels after relabeling and processing, or {@code null} when dropped or invalid
     * @param error why the target is invalid, or {@code null}
     */
    public record Result(Labels discovered, Labels labels, String error) {
        /** Whether relabeling dropped the target (no error, no labels). */
        public boolean dropped() {
            return labels == null && error == null;
        }
    }

    private final ScrapeConfig config;
    private final Relabeler relabeler;
    private final LabelsBuilder scratch = new LabelsBuilder();
    private final LabelsBuilder relabelScratch = new LabelsBuilder();

    public TargetBuilder(ScrapeConfig config, Relabeler relabeler) {
        this.config = config;
        this.relabeler = relabeler;
    }

    /** The discovered labels of a target: its own, its group's, and the job's defaults. */
    public Labels discovered(Labels target, Labels group) {
        LabelsBuilder b = scratch.reset(target);
        for (int i = 0; i < group.size(); i++) {
            if (!target.has(group.name(i))) {
                b.set(group.name(i), group.value(i));
            }
        }
        setIfAbsent(b, JOB, config.jobName());
        setIfAbsent(b, SCRAPE_INTERVAL, PromDuration.format(config.scrapeInterval().toMillis()));
        setIfAbsent(b, SCRAPE_TIMEOUT, PromDuration.format(config.scrapeTimeout().toMillis()));
        setIfAbsent(b, METRICS_PATH, config.metricsPath());
        setIfAbsent(b, SCHEME, config.scheme());
        for (Map.Entry<String, List<String>> p : config.params().entrySet()) {
            if (!p.getValue().isEmpty()) {
                setIfAbsent(b, PARAM_PREFIX + p.getKey(), p.getValue().get(0));
            }
        }
        return b.build();
    }

    /** Builds the target labels of a discovered target. */
    public Result build(Labels target, Labels group) {
        Labels discovered = discovered(target, group);
        Labels relabeled = relabeler.process(discovered, relabelScratch);
        if (relabeled == null) {
            return new Result(discovered, null, null);
        }
        String addr = relabeled.get(ADDRESS);
        if (addr == null) {
            return new Result(discovered, null, "no address");
        }
        if (addr.indexOf('/') >= 0) {
            return new Result(discovered, null, quote(addr) + " is not a valid hostname");
        }
        String error = checkDuration(relabeled, SCRAPE_INTERVAL, "interval");
        if (error == null) {
            error = checkDuration(relabeled, SCRAPE_TIMEOUT, "timeout");
        }
        if (error != null) {
            return new Result(discovered, null, error);
        }
        long interval = PromDuration.parse(relabeled.getOrEmpty(SCRAPE_INTERVAL));
        long timeout = PromDuration.parse(relabeled.getOrEmpty(SCRAPE_TIMEOUT));
        if (timeout > interval) {
            return new Result(discovered, null, "scrape timeout cannot be greater than scrape interval ("
                    + quote(relabeled.getOrEmpty(SCRAPE_TIMEOUT)) + " > " + quote(relabeled.getOrEmpty(SCRAPE_INTERVAL)) + ")");
        }
        LabelsBuilder b = scratch.reset(relabeled);
        for (int i = 0; i < relabeled.size(); i++) {
            if (relabeled.name(i).startsWith(META_PREFIX)) {
                b.delete(relabeled.name(i));
            }
        }
        setIfAbsent(b, INSTANCE, addr);
        Labels out = b.build();
        for (int i = 0; i < out.size(); i++) {
            if (!Labels.isWellFormed(out.value(i))) {
                return new Result(discovered, null, "invalid label value for " + quote(out.name(i)) + ": "
                        + quote(out.value(i)));
            }
        }
        return new Result(discovered, out, null);
    }

    private static String checkDuration(Labels l, String name, String what) {
        String v = l.getOrEmpty(name);
        long d;
        try {
            d = PromDuration.parse(v);
        } catch (IllegalArgumentException e) {
            return "error parsing scrape " + what + ": " + e.getMessage();
        }
        return d == 0 ? "scrape " + what + " cannot be 0" : null;
    }

    private static void setIfAbsent(LabelsBuilder b, String name, String value) {
        if (b.get(name) == null) {
            b.set(name, value);
        }
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder();
        Labels.appendQuoted(sb, s);
        return sb.toString();
    }
}
