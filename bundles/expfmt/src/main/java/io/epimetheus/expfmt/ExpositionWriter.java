package io.epimetheus.expfmt;

import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Writes metric families to an {@link OutputStream} in the Prometheus text format or OpenMetrics,
 * as the Prometheus client libraries do. Use: {@link #reset(OutputStream)}, let collectors call
 * {@link #family} and {@code sample}, then {@link #finish()}.
 *
 * <p>OpenMetrics gets the families as given: {@code # TYPE}, {@code # UNIT}, {@code # HELP}, every
 * sample including {@code _created}, timestamps in seconds, and the closing {@code # EOF}. The
 * text format 0.0.4 has fewer types, so families are mapped like the Prometheus Java client 1.x
 * maps them: a counter's HELP and TYPE name carry {@code _total}; info becomes a gauge named
 * {@code <name>_info}; stateset a gauge; unknown {@code untyped}; a gauge histogram a histogram
 * of its buckets followed by the gauges {@code <name>_gcount} and {@code <name>_gsum}; units are
 * dropped and so are {@code _created} samples. HELP lines are written only for non-empty help and
 * a family without samples writes nothing. Names that are not legacy Prometheus names are quoted,
 * the metric name then going inside the braces. Values are formatted like Go's
 * {@code strconv.FormatFloat(v, 'g', -1, 64)}.
 *
 * <p>Output is buffered; nothing is guaranteed to reach the stream before {@link #finish()}.
 * Writing allocates nothing per sample beyond the caller's labels (non-integral values go through
 * {@link io.epimetheus.api.model.FloatFormat}). An I/O error of the stream surfaces from {@code
 * sample} or {@code family} as an {@link UncheckedIOException}. Not thread-safe; reuse one writer
 * per thread.
 */
public final class ExpositionWriter implements MetricSink {

    private static final int FLUSH_AT = 16 * 1024;

    private final ExpositionFormat format;
    private final boolean openMetrics;
    private final LineBuffer buffer = new LineBuffer(FLUSH_AT + 1024);
    // Text format: the _gcount and _gsum lines of a gauge histogram, written after its buckets.
    private final LineBuffer gaugeCounts = new LineBuffer(256);
    private final LineBuffer gaugeSums = new LineBuffer(256);

    private OutputStream stream;
    private String family;
    private MetricType type;
    private String help;
    private String unit;
    private boolean headerWritten;

    ExpositionWriter(ExpositionFormat format) {
        this.format = format;
        this.openMetrics = format == ExpositionFormat.OPENMETRICS;
    }

    /** The format this writer produces. */
    public ExpositionFormat format() {
        return format;
    }

    /**
     * Starts a new exposition to {@code stream}, discarding anything not yet finished. The writer
     * does not close the stream.
     *
     * @return this writer
     */
    public ExpositionWriter reset(OutputStream stream) {
        this.stream = Objects.requireNonNull(stream, "stream");
        buffer.clear();
        gaugeCounts.clear();
        gaugeSums.clear();
        family = null;
        return this;
    }

    @Override
    public void family(String name, MetricType type, String help, String unit) {
        checkStarted();
        endFamily();
        this.family = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.help = help == null ? "" : help;
        this.unit = unit == null ? "" : unit;
        this.headerWritten = false;
    }

    @Override
    public void sample(String sampleName, Labels labels, double value) {
        write(sampleName, labels, value, false, 0);
    }

    @Override
    public void sample(String sampleName, Labels labels, double value, long timestampMillis) {
        write(sampleName, labels, value, true, timestampMillis);
    }

    /**
     * Completes the exposition: writes what the last family still holds, {@code # EOF} for
     * OpenMetrics, and flushes everything to the stream. The writer can then be reset for the next
     * exposition with {@link #reset}.
     */
    public void finish() throws IOException {
        checkStarted();
        endFamily();
        family = null;
        if (openMetrics) {
            buffer.appendAscii("# EOF\n");
        }
        buffer.writeTo(stream);
        stream.flush();
        stream = null;
    }

    private void write(String name, Labels labels, double value, boolean hasTimestamp, long timestamp) {
        checkStarted();
        if (family == null) {
            throw new IllegalStateException("sample " + name + " written before any family");
        }
        LineBuffer target = buffer;
        if (!openMetrics) {
            if (isCreated(name)) {
                return;
            }
            if (type == MetricType.GAUGE_HISTOGRAM) {
                if (isFamilyWithSuffix(name, "_gcount")) {
                    target = gaugeCounts;
                } else if (isFamilyWithSuffix(name, "_gsum")) {
                    target = gaugeSums;
                }
            }
        }
        if (target == buffer && !headerWritten) {
            writeHeader();
            headerWritten = true;
        }
        writeSeries(target, name, labels);
        target.append(' ');
        target.appendFloat(value);
        if (hasTimestamp) {
            target.append(' ');
            if (openMetrics) {
                target.appendSeconds(timestamp);
            } else {
                target.appendLong(timestamp);
            }
        }
        target.append('\n');
        if (buffer.size() >= FLUSH_AT) {
            flushBuffer();
        }
    }

    private void endFamily() {
        if (family == null || openMetrics) {
            return;
        }
        appendGaugeTail(gaugeCounts, "_gcount");
        appendGaugeTail(gaugeSums, "_gsum");
        if (buffer.size() >= FLUSH_AT) {
            flushBuffer();
        }
    }

    private void appendGaugeTail(LineBuffer lines, String suffix) {
        if (lines.size() == 0) {
            return;
        }
        writeTextMetadata(family + suffix, "gauge");
        buffer.append(lines);
        lines.clear();
    }

    private void writeHeader() {
        if (openMetrics) {
            writeMetadataLine("# TYPE ", family);
            buffer.appendAscii(type.text());
            buffer.append('\n');
            if (!unit.isEmpty() && type != MetricType.INFO && type != MetricType.STATESET) {
                writeMetadataLine("# UNIT ", family);
                buffer.appendUtf8(unit, LineBuffer.ESCAPE_QUOTED);
                buffer.append('\n');
            }
            if (!help.isEmpty()) {
                writeMetadataLine("# HELP ", family);
                buffer.appendUtf8(help, LineBuffer.ESCAPE_QUOTED);
                buffer.append('\n');
            }
            return;
        }
        switch (type) {
            case COUNTER -> writeTextMetadata(withSuffix(family, "_total"), "counter");
            case GAUGE, STATESET -> writeTextMetadata(family, "gauge");
            case INFO -> writeTextMetadata(withSuffix(family, "_info"), "gauge");
            case HISTOGRAM, GAUGE_HISTOGRAM -> writeTextMetadata(family, "histogram");
            case SUMMARY -> writeTextMetadata(family, "summary");
            case UNKNOWN -> writeTextMetadata(family, "untyped");
        }
    }

    private void writeTextMetadata(String name, String typeWord) {
        if (!help.isEmpty()) {
            writeMetadataLine("# HELP ", name);
            buffer.appendUtf8(help, LineBuffer.ESCAPE_HELP);
            buffer.append('\n');
        }
        writeMetadataLine("# TYPE ", name);
        buffer.appendAscii(typeWord);
        buffer.append('\n');
    }

    private void writeMetadataLine(String prefix, String name) {
        buffer.appendAscii(prefix);
        writeName(buffer, name, Labels.isLegacyMetricName(name));
        buffer.append(' ');
    }

    private static void writeSeries(LineBuffer out, String name, Labels labels) {
        boolean nameInBraces = !Labels.isLegacyMetricName(name);
        if (nameInBraces) {
            out.append('{');
            writeName(out, name, false);
        } else {
            out.appendAscii(name);
        }
        int n = labels.size();
        if (n > 0) {
            out.append(nameInBraces ? ',' : '{');
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    out.append(',');
                }
                String label = labels.name(i);
                writeName(out, label, Labels.isLegacyLabelName(label));
                out.append('=');
                out.append('"');
                out.appendUtf8(labels.value(i), LineBuffer.ESCAPE_QUOTED);
                out.append('"');
            }
            out.append('}');
        } else if (nameInBraces) {
            out.append('}');
        }
    }

    private static void writeName(LineBuffer out, String name, boolean legacy) {
        if (legacy) {
            out.appendAscii(name);
        } else {
            out.append('"');
            out.appendUtf8(name, LineBuffer.ESCAPE_QUOTED);
            out.append('"');
        }
    }

    private boolean isCreated(String name) {
        return (type == MetricType.COUNTER || type == MetricType.SUMMARY || type == MetricType.HISTOGRAM)
                && isFamilyWithSuffix(name, "_created");
    }

    private boolean isFamilyWithSuffix(String name, String suffix) {
        return name.length() == family.length() + suffix.length() && name.startsWith(family)
                && name.endsWith(suffix);
    }

    private static String withSuffix(String name, String suffix) {
        return name.endsWith(suffix) ? name : name + suffix;
    }

    private void flushBuffer() {
        try {
            buffer.writeTo(stream);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void checkStarted() {
        if (stream == null) {
            throw new IllegalStateException("reset the writer with an output stream first");
        }
    }
}
