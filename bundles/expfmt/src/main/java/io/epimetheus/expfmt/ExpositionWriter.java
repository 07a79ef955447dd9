package io.epimetheus.expfmt;

import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * Writes metric families to an {@link OutputStream} in the Prometheus text format or OpenMetrics,
 * as the Prometheus client libraries do. Use: {@link #reset(OutputStream)}, let collectors call
 * {@link #family} and {@code sample}, then {@link #finish()}.
 *
 * <p>OpenMetrics gets the families as given: {@code # TYPE}, {@code # UNIT}, {@code # HELP}, every
 * sample including {@code _created}, timestamps in seconds, and the closing {@code # EOF}. The
 * text format 0.0.4 has fewer types, so families are mapped like the Prometheus Java client 1.x
 * maps them: a counter's HELP and TYPE name carry {@code _total} (unless its samples are named as
 * the family itself, {@code foo} rather than {@code foo_total}: then the HELP and TYPE lines name
 * it so too, as the Go client and the Pushgateway write a counter pushed without the suffix); info
 * becomes a gauge named
 * {@code <name>_info}; stateset a gauge; unknown {@code untyped}; a gauge histogram a histogram
 * of its buckets followed by the gauges {@code <name>_gcount} and {@code <name>_gsum}; units are
 * dropped and so are {@code _created} samples. HELP lines are written only for non-empty help and
 * a family without samples writes nothing. Names that are not legacy Prometheus names are quoted,
 * the metric name then going inside the braces. Values are formatted like Go's
 * {@code strconv.FormatFloat(v, 'g', -1, 64)}. {@link #sample(String, Labels, List, double)} also
 * writes labels with an empty value, which {@link Labels} cannot hold.
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
        write(sampleName, labels, List.of(), value, false, 0);
    }

    @Override
    public void sample(String sampleName, Labels labels, double value, long timestampMillis) {
        write(sampleName, labels, List.of(), value, true, timestampMillis);
    }

    /**
     * One sample of the current family that also writes the labels {@code emptyLabelNames} with an
     * empty value ({@code instance=""}), merged in name order with {@code labels}; a name {@code
     * labels} has is written with its value. This is how the Pushgateway exposes groups pushed
     * without an instance: Prometheus, scraping with {@code honor_labels: true}, counts an empty
     * label as present and so stores their series without an {@code instance} of its own.
     *
     * @param emptyLabelNames label names in {@link Labels#compareStrings} order, without duplicates
     * @throws IllegalArgumentException when {@code emptyLabelNames} is not sorted
     */
    public void sample(String sampleName, Labels labels, List<String> emptyLabelNames, double value) {
        checkSorted(emptyLabelNames);
        write(sampleName, labels, emptyLabelNames, value, false, 0);
    }

    /**
     * As {@link #sample(String, Labels, List, double)}, with a timestamp: how {@code /federate}
     * writes a series without {@code instance} ({@code instance=""}).
     *
     * @throws IllegalArgumentException when {@code emptyLabelNames} is not sorted
     */
    public void sample(String sampleName, Labels labels, List<String> emptyLabelNames, double value,
            long timestampMillis) {
        checkSorted(emptyLabelNames);
        write(sampleName, labels, emptyLabelNames, value, true, timestampMillis);
    }

    private static void checkSorted(List<String> emptyLabelNames) {
        for (int i = 1; i < emptyLabelNames.size(); i++) {
            if (Labels.compareStrings(emptyLabelNames.get(i - 1), emptyLabelNames.get(i)) >= 0) {
                throw new IllegalArgumentException("empty label names must be sorted and unique: " + emptyLabelNames);
            }
        }
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

    private void write(String name, Labels labels, List<String> emptyLabelNames, double value, boolean hasTimestamp,
            long timestamp) {
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
            writeHeader(name);
            headerWritten = true;
        }
        writeSeries(target, name, labels, emptyLabelNames);
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

    /** The metadata lines of the current family, before its first sample {@code firstSample}. */
    private void writeHeader(String firstSample) {
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
            case COUNTER -> writeTextMetadata(firstSample.equals(family) ? family : withSuffix(family, "_total"), "counter");
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

    private static void writeSeries(LineBuffer out, String name, Labels labels, List<String> emptyLabelNames) {
        boolean nameInBraces = !Labels.isLegacyMetricName(name);
        if (nameInBraces) {
            out.append('{');
            writeName(out, name, false);
        } else {
            out.appendAscii(name);
        }
        // What goes before the next label: the opening brace, or a comma once the set is open.
        char separator = nameInBraces ? ',' : '{';
        int empty = 0;
        int emptyCount = emptyLabelNames.size();
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.name(i);
            for (; empty < emptyCount; empty++) {
                String e = emptyLabelNames.get(empty);
                int order = Labels.compareStrings(e, label);
                if (order > 0) {
                    break;
                }
                if (order < 0) {
                    out.append(separator);
                    separator = ',';
                    writeLabel(out, e, "");
                }
            }
            out.append(separator);
            separator = ',';
            writeLabel(out, label, labels.value(i));
        }
        for (; empty < emptyCount; empty++) {
            out.append(separator);
            separator = ',';
            writeLabel(out, emptyLabelNames.get(empty), "");
        }
        if (separator == ',') {
            out.append('}');
        }
    }

    private static void writeLabel(LineBuffer out, String name, String value) {
        writeName(out, name, Labels.isLegacyLabelName(name));
        out.append('=');
        out.append('"');
        out.appendUtf8(value, LineBuffer.ESCAPE_QUOTED);
        out.append('"');
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
