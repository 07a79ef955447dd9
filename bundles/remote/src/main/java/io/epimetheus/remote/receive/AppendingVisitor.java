package io.epimetheus.remote.receive;

import io.epimetheus.api.model.Exemplar;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.api.storage.AppendException;
import io.epimetheus.api.storage.Appender;
import io.epimetheus.api.storage.StorageException;
import io.epimetheus.remote.write.WriteVisitor;

/**
 * Appends a decoded remote-write request to one {@link Appender}, with the receiver semantics of
 * Prometheus: samples the storage rejects (out of order, duplicate, out of bounds, too old) and
 * series with invalid labels are counted and reported for a 400 answer while the rest is written;
 * a retryable storage failure stops appending so the caller can roll back and answer 503.
 *
 * <p>Allocates nothing per accepted sample. Reused across requests through {@link #reset}; not
 * thread-safe.
 */
final class AppendingVisitor implements WriteVisitor {

    /** Samples further ahead of the receiver's clock than this are out of bounds (as Prometheus). */
    static final long MAX_AHEAD_MILLIS = 10 * 60 * 1000;
    private static final int MAX_MESSAGES = 8;

    private Appender app;
    private long maxTime;
    private Labels labels;
    private long ref;

    long samplesWritten;
    long exemplarsWritten;
    long invalidLabelSamples;
    long histogramsRejected;
    final long[] rejected = new long[AppendException.Reason.values().length];
    /** A storage failure that ended appending, or {@code null}. */
    StorageException failure;
    private final StringBuilder problems = new StringBuilder();
    private int problemCount;

    void reset(Appender app, long nowMillis) {
        this.app = app;
        this.maxTime = nowMillis + MAX_AHEAD_MILLIS;
        labels = null;
        ref = 0;
        samplesWritten = 0;
        exemplarsWritten = 0;
        invalidLabelSamples = 0;
        histogramsRejected = 0;
        java.util.Arrays.fill(rejected, 0);
        failure = null;
        problems.setLength(0);
        problemCount = 0;
    }

    /** Releases the appender reference so a finished request does not pin it. */
    void clear() {
        app = null;
        labels = null;
    }

    /** Whether any sample or series was rejected for a reason the sender cannot fix by retrying. */
    boolean hasBadRequest() {
        return problemCount > 0;
    }

    /** The rejections, one per line, at most {@value #MAX_MESSAGES} and a count of the rest. */
    String problems() {
        if (problemCount > MAX_MESSAGES) {
            return problems + "and " + (problemCount - MAX_MESSAGES) + " more\n";
        }
        return problems.toString();
    }

    private void problem(String text, Labels series) {
        if (problemCount++ < MAX_MESSAGES) {
            problems.append(text);
            if (series != null) {
                problems.append(" for series ").append(series);
            }
            problems.append('\n');
        }
    }

    @Override
    public void series(Labels labels) {
        this.labels = labels;
        this.ref = 0;
    }

    @Override
    public void invalidSeries(String problem, int samples) {
        invalidLabelSamples += samples;
        problem(problem, null);
        labels = null;
    }

    @Override
    public void sample(long t, double v) {
        if (failure != null) {
            return;
        }
        if (t > maxTime) {
            rejected[AppendException.Reason.OUT_OF_BOUNDS.ordinal()]++;
            problem("out of bounds: timestamp is too far in the future", labels);
            return;
        }
        try {
            ref = app.append(ref, labels, t, v);
            samplesWritten++;
        } catch (AppendException e) {
            rejected[e.reason().ordinal()]++;
            problem(e.reason().text(), labels);
        } catch (StorageException e) {
            failure = e;
        }
    }

    @Override
    public void exemplar(Labels exemplarLabels, double value, long t) {
        if (failure != null || labels == null) {
            return;
        }
        try {
            ref = app.appendExemplar(ref, labels, new Exemplar(exemplarLabels, value, t));
            exemplarsWritten++;
        } catch (AppendException e) {
            // Exemplar storage is best effort, as in Prometheus: never fail the request for it.
        } catch (StorageException e) {
            failure = e;
        }
    }

    @Override
    public void histogram(long t) {
        histogramsRejected++;
        problem("native histograms are not supported by this storage", labels);
    }

    @Override
    public void metadata(String family, MetricType type, String help, String unit) {
        // Prometheus's receiver does not store remote-write metadata by default either.
    }

    @Override
    public void endSeries() {
        labels = null;
    }
}
