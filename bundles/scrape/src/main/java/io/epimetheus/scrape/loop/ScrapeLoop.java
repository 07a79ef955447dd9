package io.epimetheus.scrape.loop;

import io.epimetheus.api.config.PromDuration;
import io.epimetheus.api.model.Exemplar;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.api.model.MetricMetadata;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.api.model.StaleNaN;
import io.epimetheus.api.storage.AppendException;
import io.epimetheus.api.storage.Appender;
import io.epimetheus.api.storage.Storage;
import io.epimetheus.api.storage.StorageException;
import io.epimetheus.expfmt.ExpositionFormat;
import io.epimetheus.expfmt.ExpositionParseException;
import io.epimetheus.expfmt.ExpositionParser;
import io.epimetheus.expfmt.ParseOptions;
import io.epimetheus.httpclient.ByteBuf;
import io.epimetheus.scrape.http.ScrapeException;
import io.epimetheus.scrape.http.TargetConnection;
import io.epimetheus.scrape.loop.ScrapeCache.Entry;
import io.epimetheus.scrape.target.ScrapeTarget;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Scrapes one target: fetches its metrics, parses them, applies target labels and metric
 * relabeling, checks limits, appends the samples and the synthetic series ({@code up},
 * {@code scrape_duration_seconds}, ...) to storage in one batch, and writes staleness markers for
 * series that disappeared. A scrape whose fetch, parse or limits fail stores nothing of the body,
 * marks the target's series stale and reports {@code up 0} with the reason.
 *
 * <p>The body's format follows its {@code Content-Type}: the Prometheus text format, OpenMetrics or
 * the protobuf format, else the configured fallback. Steady state: an unchanged series line (for
 * protobuf, the series key the parser builds) is found in the {@link ScrapeCache} by its bytes and
 * appended by storage reference, with no allocation.
 *
 * <p>Threading: {@link #scrape} runs on one worker at a time (the pool guarantees it); the target's
 * state is published through {@link ScrapeTarget}.
 */
public final class ScrapeLoop {

    private static final Logger LOG = System.getLogger(ScrapeLoop.class.getName());
    static final String NAME = Labels.METRIC_NAME;

    /** The synthetic series and their metadata, in the order Prometheus writes them. */
    private static final String[] REPORT_NAMES = {"up", "scrape_duration_seconds", "scrape_samples_scraped",
        "scrape_samples_post_metric_relabeling", "scrape_series_added", "scrape_timeout_seconds", "scrape_sample_limit",
        "scrape_body_size_bytes"};
    private static final MetricMetadata[] REPORT_METADATA = {
        new MetricMetadata(MetricType.GAUGE, "Health of the scrape target. 1 means the target is healthy, 0 if the scrape failed.", "targets"),
        new MetricMetadata(MetricType.GAUGE, "Duration of the last scrape in seconds.", "seconds"),
        new MetricMetadata(MetricType.GAUGE, "Number of samples last scraped.", "samples"),
        new MetricMetadata(MetricType.GAUGE, "Number of samples remaining after metric relabeling was applied.", "samples"),
        new MetricMetadata(MetricType.GAUGE, "Number of series in the last scrape.", "series"),
        new MetricMetadata(MetricType.GAUGE, "The configured scrape timeout for a target.", "seconds"),
        new MetricMetadata(MetricType.GAUGE, "The configured sample limit for a target. Returns zero if there is no limit configured.", "samples"),
        new MetricMetadata(MetricType.GAUGE, "The uncompressed size of the last scrape response, if successful. Scrapes failing because body_size_limit is exceeded report -1, other scrape failures report 0.", "bytes"),
    };

    private final ScrapeTarget target;
    private final LoopOptions options;
    private final TargetConnection connection;
    private final Supplier<Storage> storage;
    private final ScrapeMetrics metrics;
    private final ScrapeCache cache;
    private final Map<ExpositionFormat, ExpositionParser> parsers = new EnumMap<>(ExpositionFormat.class);
    private final LabelsBuilder labels = new LabelsBuilder();
    private final LabelsBuilder relabelScratch = new LabelsBuilder();
    // honor_labels: the labels a new series writes with an empty value, which keep target labels out.
    private final List<String> emptyLabels = new ArrayList<>();
    private final String timeoutHeader;
    private final String intervalText;
    private final Labels[] reportLabels = new Labels[REPORT_NAMES.length];
    private final long[] reportRefs = new long[REPORT_NAMES.length];
    private final Map<String, MetricMetadata> familyMetadata = new HashMap<>();
    private final FamilyCache families = new FamilyCache();
    private Storage lastStorage;
    private long lastStartNanos;
    private volatile String forcedError;
    private volatile FailureLog failureLog;

    // Counts of the scrape in progress.
    private int total;
    private int added;
    private int seriesAdded;
    private FamilyCache.Family currentFamily;
    private MetricType currentType;
    private String currentHelp;
    private String currentUnit;
    private boolean metadataChanged;
    private boolean familyChanged;
    private boolean familyChecked;

    /**
     * @param cache the cache of a previous loop of the same target, when its configuration affects
     *     series the same way; otherwise a new one
     */
    public ScrapeLoop(ScrapeTarget target, LoopOptions options, TargetConnection connection, Supplier<Storage> storage,
            ScrapeMetrics metrics, ScrapeCache cache) {
        this.target = target;
        this.options = options;
        this.connection = connection;
        this.storage = storage;
        this.metrics = metrics;
        this.cache = cache == null ? new ScrapeCache() : cache;
        this.timeoutHeader = LoopOptions.timeoutHeader(target.timeoutMillis());
        this.intervalText = PromDuration.format(target.intervalMillis());
        for (int i = 0; i < REPORT_NAMES.length; i++) {
            reportLabels[i] = target.publicLabels().toBuilder().set(NAME, REPORT_NAMES[i]).build();
        }
    }

    public ScrapeTarget target() {
        return target;
    }

    ScrapeCache cache() {
        return cache;
    }

    /** Makes every scrape fail with {@code error} (e.g. the pool's target limit) without fetching; {@code null} to clear. */
    public void forceError(String error) {
        forcedError = error;
    }

    /** Where failed fetches are logged ({@code scrape_failure_log_file}), or {@code null}. */
    public void failureLog(FailureLog log) {
        failureLog = log;
    }

    /**
     * Performs one scrape.
     *
     * @param timestamp the sample timestamp for this scrape, in milliseconds
     */
    public void scrape(long timestamp) {
        long startNanos = System.nanoTime();
        if (lastStartNanos != 0) {
            metrics.intervalLength(intervalText, (startNanos - lastStartNanos) / 1e9);
        }
        lastStartNanos = startNanos;

        String error = forcedError;
        int bytes = 0;
        ByteBuf body = null;
        ExpositionFormat format = null;
        if (error == null) {
            try {
                connection.fetch(target.url(), options.accept(), options.gzip(), timeoutHeader,
                        target.timeoutMillis() * 1_000_000L, options.bodySizeLimit());
                body = connection.body();
                bytes = body.length();
                format = formatOf(connection.contentType());
            } catch (ScrapeException e) {
                error = e.getMessage();
                FailureLog log = failureLog;
                if (log != null) {
                    log.failed(options.jobName(), target.url(), error);
                }
                if (e.isBodySizeLimit()) {
                    metrics.exceededBodySizeLimit.increment();
                    bytes = -1;
                }
            }
        }
        if (error == null && format == null) {
            error = unsupportedContentType(connection.contentType());
        }
        ingest(body == null ? null : body.array(), body == null ? 0 : body.length(), format, error, bytes, timestamp,
                startNanos);
    }

    /**
     * Stores the outcome of a fetch: parses and appends the body, or records the failure.
     *
     * @param body the body, or {@code null} when the fetch failed
     * @param length the body length
     * @param format the body's format
     * @param fetchError why the fetch failed, or {@code null}
     * @param bytes the body size to report ({@code -1} when it exceeded the limit)
     * @param timestamp the scrape timestamp in milliseconds
     * @param startNanos when the scrape started ({@link System#nanoTime()})
     */
    public void ingest(byte[] body, int length, ExpositionFormat format, String fetchError, int bytes, long timestamp,
            long startNanos) {
        String error = fetchError;
        Instant start = Instant.ofEpochMilli(timestamp);
        Storage st = storage.get();
        if (st == null) {
            target.report(start, Duration.ofNanos(System.nanoTime() - startNanos),
                    error != null ? error : "no storage available to store the scrape");
            return;
        }
        if (st != lastStorage) {
            cache.clearRefs();
            Arrays.fill(reportRefs, 0);
            lastStorage = st;
        }
        long iter = cache.nextIteration();
        total = 0;
        added = 0;
        seriesAdded = 0;
        Appender app = st.appender();
        try {
            if (error == null) {
                String appendError = appendBody(app, parser(format), body, length, timestamp, iter);
                if (appendError != null) {
                    app.rollback();
                    app = st.appender();
                    error = appendError;
                }
            }
            finishIteration(app, timestamp, iter, error == null);
            report(app, timestamp, (System.nanoTime() - startNanos) / 1e9, bytes, error, false);
            app.commit();
        } catch (StorageException e) {
            rollbackQuietly(app);
            if (error == null) {
                error = "storage: " + e.getMessage();
            }
            LOG.log(Level.WARNING, "Appending scrape of {0} failed: {1}", target.url(), e.getMessage());
        }
        if (metadataChanged) {
            target.metadata(Map.copyOf(familyMetadata));
            metadataChanged = false;
        }
        target.report(start, Duration.ofNanos(System.nanoTime() - startNanos), error);
    }

    /**
     * Writes staleness markers for every series of the target and its synthetic series, as
     * Prometheus does when a target goes away.
     */
    public void writeEndOfRunStaleness(long timestamp) {
        Storage st = storage.get();
        if (st == null || st != lastStorage) {
            return;
        }
        long iter = cache.nextIteration();
        Appender app = st.appender();
        try {
            finishIteration(app, timestamp, iter, false);
            report(app, timestamp, 0, 0, null, true);
            app.commit();
        } catch (StorageException e) {
            rollbackQuietly(app);
            LOG.log(Level.WARNING, "Writing staleness markers for {0} failed: {1}", target.url(), e.getMessage());
        }
    }

    private ExpositionFormat formatOf(String contentType) {
        ExpositionFormat f = ExpositionFormat.ofContentType(contentType);
        return f != null ? f : options.fallback();
    }

    private String unsupportedContentType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return "non-compliant scrape target sending blank Content-Type and no fallback_scrape_protocol specified for target";
        }
        return "received unsupported Content-Type " + quote(contentType)
                + " and no fallback_scrape_protocol specified for target";
    }

    private ExpositionParser parser(ExpositionFormat f) {
        return parsers.computeIfAbsent(f, fmt -> fmt.newParser(ParseOptions.DEFAULT));
    }

    /** Parses and appends the body; returns the error that fails the scrape, or {@code null}. */
    private String appendBody(Appender app, ExpositionParser p, byte[] body, int length, long defaultTime, long iter) {
        boolean sampleLimitHit = false;
        currentFamily = null;
        p.reset(body, length);
        while (true) {
            ExpositionParser.Entry kind;
            try {
                kind = p.next();
            } catch (ExpositionParseException e) {
                return e.getMessage();
            }
            switch (kind) {
                case END -> {
                    closeFamily();
                    if (sampleLimitHit) {
                        metrics.exceededSampleLimit.increment();
                        return "sample limit exceeded";
                    }
                    return null;
                }
                case TYPE -> {
                    openFamily(families.get(p));
                    currentType = p.type();
                }
                case HELP -> {
                    openFamily(families.get(p));
                    currentHelp = currentFamily.help(p);
                }
                case UNIT -> {
                    openFamily(families.get(p));
                    currentUnit = currentFamily.unit(p);
                }
                case COMMENT -> {
                    // Not stored.
                }
                case SERIES -> {
                    total++;
                    if (currentFamily != null && !familyChecked) {
                        familyChanged = familyDiffers();
                        familyChecked = true;
                    }
                    boolean explicit = options.honorTimestamps() && p.hasTimestamp();
                    long t = explicit ? p.timestamp() : defaultTime;
                    byte[] buf = p.buffer();
                    int off = p.seriesOffset();
                    int len = p.seriesLength();
                    long hash = p.seriesHash();
                    Entry e = cache.get(buf, off, len, hash);
                    boolean already = false;
                    Labels lset;
                    if (e != null) {
                        already = e.lastIter == iter;
                        e.lastIter = iter;
                        if (e.dropped()) {
                            continue;
                        }
                        lset = e.labels;
                    } else {
                        p.labels(labels);
                        emptyLabels.clear();
                        if (options.honorLabels()) {
                            p.emptyLabelNames(emptyLabels);
                        }
                        lset = mutate();
                        if (lset == null) {
                            cache.add(buf, off, len, hash, null);
                            continue;
                        }
                        String invalid = validate(lset);
                        if (invalid != null) {
                            return invalid;
                        }
                    }
                    if (options.sampleLimit() > 0 && added >= options.sampleLimit()) {
                        sampleLimitHit = true;
                        added++;
                        continue;
                    }
                    added++;
                    if (already && !explicit) {
                        metrics.duplicateTimestamp.increment();
                        continue;
                    }
                    long ref;
                    try {
                        ref = app.append(e == null ? 0 : e.ref, lset, t, p.value());
                    } catch (AppendException ae) {
                        countRejected(ae);
                        continue;
                    }
                    boolean newSeries = e == null;
                    if (newSeries) {
                        e = cache.add(buf, off, len, hash, lset);
                        seriesAdded++;
                    }
                    updateMetadata(app, ref, lset, newSeries);
                    e.ref = ref;
                    if (!explicit || options.trackTimestampsStaleness()) {
                        e.storedIter = iter;
                    }
                    Exemplar ex = p.exemplar();
                    if (ex != null) {
                        appendExemplar(app, ref, lset, ex, t);
                    }
                }
            }
        }
    }

    /**
     * Adds target labels and applies metric relabeling; {@code null} when dropped. With {@code
     * honor_labels}, as in Prometheus, a label the series writes with an empty value counts as
     * present: the target's label is not added and the series ends up without it.
     */
    private Labels mutate() {
        Labels targetLabels = target.publicLabels();
        List<String[]> conflicts = null;
        for (int i = 0; i < targetLabels.size(); i++) {
            String name = targetLabels.name(i);
            String existing = labels.get(name);
            if (options.honorLabels()) {
                if (existing == null && !emptyLabels.contains(name)) {
                    labels.set(name, targetLabels.value(i));
                }
            } else {
                if (existing != null) {
                    if (conflicts == null) {
                        conflicts = new ArrayList<>(2);
                    }
                    conflicts.add(new String[] {name, existing});
                }
                labels.set(name, targetLabels.value(i));
            }
        }
        if (conflicts != null) {
            conflicts.sort((a, b) -> a[0].length() - b[0].length());
            for (String[] c : conflicts) {
                String name = c[0];
                do {
                    name = "exported_" + name;
                } while (labels.get(name) != null);
                labels.set(name, c[1]);
            }
        }
        return options.metricRelabeler().process(labels.build(), relabelScratch);
    }

    /** The validity and label limit checks of a new series; the error that fails the scrape, or {@code null}. */
    private String validate(Labels lset) {
        String metric = lset.get(NAME);
        if (metric == null) {
            return "missing metric name (__name__ label)";
        }
        for (int i = 0; i < lset.size(); i++) {
            String name = lset.name(i);
            boolean ok = name.equals(NAME) ? options.validation().isValidMetricName(lset.value(i))
                    : options.validation().isValidLabelName(name);
            if (!ok) {
                return "invalid metric name or label names: " + lset;
            }
        }
        if (options.labelLimit() > 0 && lset.size() > options.labelLimit()) {
            metrics.exceededLabelLimits.increment();
            return "label_limit exceeded (metric: " + truncate(metric) + ", number of labels: " + lset.size()
                    + ", limit: " + options.labelLimit() + ")";
        }
        if (options.labelNameLengthLimit() == 0 && options.labelValueLengthLimit() == 0) {
            return null;
        }
        for (int i = 0; i < lset.size(); i++) {
            int nameLength = utf8Length(lset.name(i));
            if (options.labelNameLengthLimit() > 0 && nameLength > options.labelNameLengthLimit()) {
                metrics.exceededLabelLimits.increment();
                return "label_name_length_limit exceeded (metric: " + truncate(metric) + ", label name: "
                        + truncate(lset.name(i)) + ", length: " + nameLength + ", limit: " + options.labelNameLengthLimit() + ")";
            }
            int valueLength = utf8Length(lset.value(i));
            if (options.labelValueLengthLimit() > 0 && valueLength > options.labelValueLengthLimit()) {
                metrics.exceededLabelLimits.increment();
                return "label_value_length_limit exceeded (metric: " + truncate(metric) + ", label name: "
                        + truncate(lset.name(i)) + ", value: " + quote(truncate(lset.value(i))) + ", length: "
                        + valueLength + ", limit: " + options.labelValueLengthLimit() + ")";
            }
        }
        return null;
    }

    private void countRejected(AppendException e) {
        switch (e.reason()) {
            case OUT_OF_ORDER -> metrics.outOfOrder.increment();
            case DUPLICATE -> metrics.duplicateTimestamp.increment();
            case OUT_OF_BOUNDS, TOO_OLD -> metrics.outOfBounds.increment();
            default -> LOG.log(Level.DEBUG, "Sample of {0} rejected: {1}", target.url(), e.getMessage());
        }
    }

    private void appendExemplar(Appender app, long ref, Labels lset, Exemplar ex, long t) {
        Exemplar withTime = ex.hasTimestamp() ? ex : new Exemplar(ex.labels(), ex.value(), t);
        try {
            app.appendExemplar(ref, lset, withTime);
        } catch (AppendException e) {
            metrics.exemplarOutOfOrder.increment();
        }
    }

    /** Starts collecting the metadata of {@code family} (the previous family's is recorded). */
    private void openFamily(FamilyCache.Family family) {
        if (family == currentFamily) {
            return;
        }
        closeFamily();
        currentFamily = family;
        MetricMetadata known = family.recorded;
        currentType = known == null ? MetricType.UNKNOWN : known.type();
        currentHelp = known == null ? "" : known.help();
        currentUnit = known == null ? "" : known.unit();
        familyChecked = false;
    }

    /** Whether the current family's metadata differs from what was recorded for it. */
    private boolean familyDiffers() {
        MetricMetadata known = currentFamily.recorded;
        return known == null || known.type() != currentType || !known.help().equals(currentHelp)
                || !known.unit().equals(currentUnit);
    }

    /** Records the current family's metadata if it changed. */
    private void closeFamily() {
        if (currentFamily == null) {
            return;
        }
        if (familyDiffers()) {
            currentFamily.recorded = new MetricMetadata(currentType, currentHelp, currentUnit);
            familyMetadata.put(currentFamily.name, currentFamily.recorded);
            metadataChanged = true;
        }
        currentFamily = null;
    }

    /** Sends the family's metadata to storage for a new series, or for every series when it changed. */
    private void updateMetadata(Appender app, long ref, Labels lset, boolean newSeries) {
        if (currentFamily == null || !(newSeries || familyChanged)) {
            return;
        }
        if (lset.getOrEmpty(NAME).startsWith(currentFamily.name)) {
            app.updateMetadata(ref, lset, new MetricMetadata(currentType, currentHelp, currentUnit));
        }
    }

    /**
     * Ends a scrape in the cache: after success, series stored now count as seen and series seen
     * in the previous scrape but not now get a staleness marker; after a failure, every series seen
     * in the previous scrape does.
     */
    private void finishIteration(Appender app, long t, long iter, boolean success) {
        cache.finishIteration(iter, success, e -> {
            try {
                app.append(e.ref, e.labels, t, StaleNaN.VALUE);
            } catch (AppendException ex) {
                // Expected when the target came back with a new loop: the marker is out of order.
            }
        });
        if (success) {
            cache.evictOld();
        }
    }

    private void report(Appender app, long t, double durationSeconds, int bytes, String error, boolean stale) {
        int n = options.extraMetrics() ? REPORT_NAMES.length : 5;
        for (int i = 0; i < n; i++) {
            double v;
            if (stale) {
                v = StaleNaN.VALUE;
            } else {
                v = switch (i) {
                    case 0 -> error == null ? 1 : 0;
                    case 1 -> durationSeconds;
                    case 2 -> total;
                    case 3 -> added;
                    case 4 -> seriesAdded;
                    case 5 -> target.timeoutMillis() / 1000.0;
                    case 6 -> options.sampleLimit();
                    default -> bytes;
                };
            }
            try {
                boolean first = reportRefs[i] == 0;
                reportRefs[i] = app.append(reportRefs[i], reportLabels[i], t, v);
                if (first) {
                    app.updateMetadata(reportRefs[i], reportLabels[i], REPORT_METADATA[i]);
                }
            } catch (AppendException e) {
                // Out of order or duplicate: expected when a target goes away and comes back.
            }
        }
    }

    private static void rollbackQuietly(Appender app) {
        try {
            app.rollback();
        } catch (StorageException e) {
            LOG.log(Level.DEBUG, "Rollback failed", e);
        }
    }

    private static String truncate(String s) {
        return s.length() <= 50 ? s : s.substring(0, 50);
    }

    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        Labels.appendQuoted(sb, s);
        return sb.toString();
    }

    /** Closes the connection; the loop must not scrape afterwards. */
    public void close() {
        connection.close();
    }
}
