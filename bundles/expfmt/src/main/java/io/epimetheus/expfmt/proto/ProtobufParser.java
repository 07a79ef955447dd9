package io.epimetheus.expfmt.proto;

import io.epimetheus.api.model.Exemplar;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.expfmt.ExpositionFormat;
import io.epimetheus.expfmt.ExpositionParseException;
import io.epimetheus.expfmt.ExpositionParser;
import io.epimetheus.expfmt.ParseOptions;
import io.epimetheus.expfmt.text.ByteHash;
import io.epimetheus.expfmt.text.GoFloat;
import io.epimetheus.expfmt.text.GoQuote;
import io.epimetheus.expfmt.text.Interner;
import io.epimetheus.expfmt.text.Utf8;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;

/**
 * The parser of the Prometheus protobuf format: a stream of varint-length-delimited {@code
 * io.prometheus.client.MetricFamily} messages ({@code application/vnd.google.protobuf;
 * proto=io.prometheus.client.MetricFamily; encoding=delimited}), presented as the text parsers
 * present a body, the way Prometheus's {@code ProtobufParser} does with native histograms off.
 *
 * <p>Each family gives a HELP entry (also when the help is empty), a UNIT entry when it has a
 * unit, a TYPE entry, then its series: counters, gauges and untyped metrics one series each under
 * the family name; a summary {@code _count}, {@code _sum} and one series per quantile; a histogram
 * or gauge histogram {@code _count}, {@code _sum} and one {@code _bucket} series per classic
 * bucket, up to the first {@code +Inf} bucket, plus {@code le="+Inf"} holding the count when the
 * message has none. The native-histogram fields are skipped unread, so a histogram with native
 * buckets only gives its {@code _count}, {@code _sum} and the {@code +Inf} bucket. That is what
 * Prometheus 3.x stores with {@code scrape_native_histograms: false}, its default: the scrape loop
 * then sets {@code IgnoreNativeHistograms}, every histogram is parsed as classic and {@code
 * always_scrape_classic_histograms} has no effect. (With native histograms on, Prometheus would
 * store such a histogram as a native sample, which Epimetheus's storage does not hold.) {@code le} and {@code quantile} values are
 * written as {@code labels.FormatOpenMetricsFloat} does ({@code 0.005}, {@code 1.0}, {@code +Inf}).
 * A {@code timestamp_ms} of 0 means no timestamp, as in Prometheus. Start timestamps are offered by
 * {@link #startTimestamp()} and never become {@code _created} series; exemplars are skipped.
 * Families without metrics are skipped entirely. {@link ParseOptions} have no effect: the strict
 * rules are rules of the text formats.
 *
 * <p>Each metric message is decoded and validated completely when the parser reaches it: wire
 * types, lengths and varints, UTF-8 in names, help, unit and label values, non-empty names, unique
 * label names. Errors name the problem and the byte offset; a binary body has no lines, so they
 * report line 1 and count the column in bytes.
 *
 * <p>The series text of {@link #seriesOffset()} is a key the parser builds in its own buffer
 * (which {@link #buffer()} returns for SERIES entries): byte {@code 0xFF}, the metric name, each
 * label as {@code 0xFF name 0xFF value}, byte {@code 0xFE}, the kind of series and, for buckets
 * and quantiles, the bits of the bound. No text series line starts with {@code 0xFF}, so keys of
 * the two kinds of body never meet in a scrape cache. Decoding allocates nothing per sample.
 */
public final class ProtobufParser implements ExpositionParser {

    // MetricFamily.type, io.prometheus.client.MetricType.
    private static final int COUNTER = 0;
    private static final int GAUGE = 1;
    private static final int SUMMARY = 2;
    private static final int UNTYPED = 3;
    private static final int HISTOGRAM = 4;
    private static final int GAUGE_HISTOGRAM = 5;

    // The entry last returned; S_FAMILY means the next call reads a family.
    private static final int S_FAMILY = 0;
    private static final int S_HELP = 1;
    private static final int S_UNIT = 2;
    private static final int S_TYPE = 3;
    private static final int S_SERIES = 4;
    private static final int S_END = 5;

    // The kind of series, in the key.
    private static final byte K_PLAIN = 0;
    private static final byte K_COUNT = 1;
    private static final byte K_SUM = 2;
    private static final byte K_BUCKET = 3;
    private static final byte K_QUANTILE = 4;
    private static final byte[][] SUFFIXES = {{}, bytes("_count"), bytes("_sum"), bytes("_bucket"), {}};

    private static final byte KEY_START = (byte) 0xFF;
    private static final byte KEY_SEP = (byte) 0xFF;
    private static final byte KEY_END = (byte) 0xFE;
    private static final byte[] METRIC_NAME = bytes(Labels.METRIC_NAME);
    private static final byte[] LE = bytes("le");
    private static final byte[] QUANTILE = bytes("quantile");
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    // Label record layout: name range, value range.
    private static final int L_STRIDE = 4;

    private final Wire family = new Wire();
    private final Wire metric = new Wire();
    private final Wire sub = new Wire();
    private final Wire inner = new Wire();
    private final Interner strings = new Interner();

    private byte[] buf = new byte[0];
    private int len;
    /** Where the next delimited family starts. */
    private int next;
    private int state;

    // The current family.
    private int nameStart;
    private int nameEnd;
    private int helpStart;
    private int helpEnd;
    private int unitStart;
    private int unitEnd;
    private int type;

    // The current metric.
    private int[] labels = new int[16 * L_STRIDE];
    private int labelCount;
    private double gauge;
    private double counter;
    private double untyped;
    private long timestampMs;
    private long startTimestamp;
    private long count;
    private double countFloat;
    private double sum;
    /** Quantiles or bucket upper bounds. */
    private double[] bounds = new double[16];
    /** Quantile values or cumulative_count_float. */
    private double[] values = new double[16];
    /** cumulative_count. */
    private long[] counts = new long[16];
    private int points;

    // The current series: -2 is _count, -1 _sum, from 0 the quantile or bucket.
    private int fieldPos;
    private boolean fieldsDone;
    private byte kind;
    private double bound;
    private double value;
    private byte[] key = new byte[256];
    /** The length of the key part shared by all series of the metric (name and labels). */
    private int keyBase;
    private int keyLength;
    private byte[] scratch = new byte[64];

    /** @param options ignored: the protobuf format has no strict rules or {@code _created} series */
    public ProtobufParser(ParseOptions options) {
        // Nothing to configure; the parameter keeps the factory uniform across formats.
    }

    @Override
    public ExpositionFormat format() {
        return ExpositionFormat.PROTOBUF;
    }

    @Override
    public ProtobufParser reset(byte[] body, int length) {
        if (length < 0 || length > body.length) {
            throw new IllegalArgumentException("length " + length + " outside the body of " + body.length + " bytes");
        }
        buf = body;
        len = length;
        next = 0;
        state = S_FAMILY;
        return this;
    }

    @Override
    public Entry next() throws ExpositionParseException {
        switch (state) {
            case S_HELP -> {
                state = unitEnd > unitStart ? S_UNIT : S_TYPE;
                return state == S_UNIT ? Entry.UNIT : Entry.TYPE;
            }
            case S_UNIT -> {
                state = S_TYPE;
                return Entry.TYPE;
            }
            case S_TYPE -> {
                nextMetric();
                firstSeries();
                state = S_SERIES;
                return Entry.SERIES;
            }
            case S_SERIES -> {
                if (isComplex() && !fieldsDone) {
                    fieldPos++;
                    series();
                    return Entry.SERIES;
                }
                if (nextMetric()) {
                    firstSeries();
                    return Entry.SERIES;
                }
                state = S_FAMILY;
            }
            case S_END -> {
                return Entry.END;
            }
            default -> {
                // S_FAMILY: read one below.
            }
        }
        while (next < len) {
            if (readFamily()) {
                state = S_HELP;
                return Entry.HELP;
            }
        }
        state = S_END;
        return Entry.END;
    }

    // ---- decoding

    /**
     * Reads the family at {@link #next}: its name, help, type and unit, and whether it has a
     * metric; leaves {@link #family} at the start of its fields to iterate its metrics.
     */
    private boolean readFamily() throws ExpositionParseException {
        int at = next;
        long size = 0;
        int p = at;
        for (int shift = 0; ; shift += 7) {
            if (p >= len || shift >= 35) {
                throw Wire.error("clientpb: invalid varint encountered: the length prefix of the metric family at byte "
                        + at + " is not a varint of at most 5 bytes", at);
            }
            byte c = buf[p++];
            size |= (long) (c & 0x7F) << shift;
            if (c >= 0) {
                break;
            }
        }
        long total = p - at + size;
        if (total > len - at) {
            throw Wire.error("clientpb: insufficient length of buffer, expected at least " + total + " bytes, got "
                    + (len - at) + " bytes", at);
        }
        int start = p;
        int end = (int) (p + size);
        next = end;
        nameStart = nameEnd = helpStart = helpEnd = unitStart = unitEnd = start;
        long typeValue = COUNTER;
        boolean hasMetrics = false;
        Wire w = family.reset(buf, start, end, "MetricFamily");
        while (w.more()) {
            int tag = w.tag();
            switch (tag >>> 3) {
                case 1 -> {
                    nameStart = w.field(tag, "Name");
                    nameEnd = w.fieldEnd();
                }
                case 2 -> {
                    helpStart = w.field(tag, "Help");
                    helpEnd = w.fieldEnd();
                }
                case 3 -> typeValue = (int) w.varint(tag, "Type");
                case 4 -> {
                    w.field(tag, "Metric");
                    hasMetrics = true;
                }
                case 5 -> {
                    unitStart = w.field(tag, "Unit");
                    unitEnd = w.fieldEnd();
                }
                default -> w.skip(tag);
            }
        }
        if (!hasMetrics) {
            return false;
        }
        if (nameEnd == nameStart || !Utf8.isValid(buf, nameStart, nameEnd)) {
            throw Wire.error("invalid metric name: " + GoQuote.quote(buf, nameStart, nameEnd), nameStart);
        }
        if (!Utf8.isValid(buf, helpStart, helpEnd)) {
            throw Wire.error("invalid help for metric " + GoQuote.quote(buf, nameStart, nameEnd) + ": "
                    + GoQuote.quote(buf, helpStart, helpEnd), helpStart);
        }
        if (!Utf8.isValid(buf, unitStart, unitEnd)) {
            throw Wire.error("invalid unit for metric " + GoQuote.quote(buf, nameStart, nameEnd) + ": "
                    + GoQuote.quote(buf, unitStart, unitEnd), unitStart);
        }
        if (typeValue < COUNTER || typeValue > GAUGE_HISTOGRAM) {
            throw Wire.error("unknown metric type for metric " + GoQuote.quote(buf, nameStart, nameEnd) + ": "
                    + typeValue, start);
        }
        type = (int) typeValue;
        family.reset(buf, start, end, "MetricFamily");
        return true;
    }

    /** Decodes the family's next metric; {@code false} when it has no more. */
    private boolean nextMetric() throws ExpositionParseException {
        Wire w = family;
        while (w.more()) {
            int tag = w.tag();
            if (tag == (4 << 3 | Wire.LEN)) {
                int from = w.field("Metric");
                readMetric(from, w.fieldEnd());
                return true;
            }
            w.skip(tag);
        }
        return false;
    }

    private void readMetric(int from, int to) throws ExpositionParseException {
        labelCount = 0;
        gauge = 0;
        counter = 0;
        untyped = 0;
        timestampMs = 0;
        startTimestamp = 0;
        count = 0;
        countFloat = 0;
        sum = 0;
        points = 0;
        Wire m = metric.reset(buf, from, to, "Metric");
        while (m.more()) {
            int tag = m.tag();
            switch (tag >>> 3) {
                case 1 -> {
                    Wire l = open(m, inner, tag, "Label", "LabelPair");
                    label(l);
                }
                case 2 -> gauge = valueMessage(m, tag, "Gauge", gauge);
                case 3 -> counterMessage(open(m, sub, tag, "Counter", "Counter"));
                case 4 -> summaryMessage(open(m, sub, tag, "Summary", "Summary"));
                case 5 -> untyped = valueMessage(m, tag, "Untyped", untyped);
                case 6 -> timestampMs = m.varint(tag, "TimestampMs");
                case 7 -> histogramMessage(open(m, sub, tag, "Histogram", "Histogram"));
                default -> m.skip(tag);
            }
        }
        checkLabels();
        buildKeyBase();
    }

    /** Opens the length-delimited field whose tag was just read in {@code parent} with {@code w}. */
    private Wire open(Wire parent, Wire w, int tag, String field, String message) throws ExpositionParseException {
        int from = parent.field(tag, field);
        return w.reset(buf, from, parent.fieldEnd(), message);
    }

    private void label(Wire l) throws ExpositionParseException {
        int ns = l.position();
        int ne = ns;
        int vs = ns;
        int ve = ns;
        while (l.more()) {
            int tag = l.tag();
            switch (tag >>> 3) {
                case 1 -> {
                    ns = l.field(tag, "Name");
                    ne = l.fieldEnd();
                }
                case 2 -> {
                    vs = l.field(tag, "Value");
                    ve = l.fieldEnd();
                }
                default -> l.skip(tag);
            }
        }
        if (ne == ns || !Utf8.isValid(buf, ns, ne)) {
            throw Wire.error("invalid label name: " + GoQuote.quote(buf, ns, ne) + " in metric "
                    + GoQuote.quote(buf, nameStart, nameEnd), ns);
        }
        if (!Utf8.isValid(buf, vs, ve)) {
            throw Wire.error("invalid label value: " + GoQuote.quote(buf, vs, ve) + " of label "
                    + GoQuote.quote(buf, ns, ne) + " in metric " + GoQuote.quote(buf, nameStart, nameEnd), vs);
        }
        int at = labelCount * L_STRIDE;
        if (at + L_STRIDE > labels.length) {
            labels = Arrays.copyOf(labels, labels.length * 2);
        }
        labels[at] = ns;
        labels[at + 1] = ne;
        labels[at + 2] = vs;
        labels[at + 3] = ve;
        labelCount++;
    }

    /** Gauge and Untyped: {@code double value = 1}. A repeated message merges into the last. */
    private double valueMessage(Wire m, int tag, String field, double current) throws ExpositionParseException {
        Wire w = open(m, sub, tag, field, field);
        double v = current;
        while (w.more()) {
            int t = w.tag();
            if (t >>> 3 == 1) {
                v = w.fixed64(t, "Value");
            } else {
                w.skip(t);
            }
        }
        return v;
    }

    private void counterMessage(Wire w) throws ExpositionParseException {
        while (w.more()) {
            int t = w.tag();
            switch (t >>> 3) {
                case 1 -> counter = w.fixed64(t, "Value");
                case 2 -> w.skipField(t, "Exemplar");
                case 3 -> startTimestamp = timestamp(open(w, inner, t, "StartTimestamp", "Timestamp"));
                default -> w.skip(t);
            }
        }
    }

    private void summaryMessage(Wire w) throws ExpositionParseException {
        while (w.more()) {
            int t = w.tag();
            switch (t >>> 3) {
                case 1 -> count = w.varint(t, "SampleCount");
                case 2 -> sum = w.fixed64(t, "SampleSum");
                case 3 -> quantile(open(w, inner, t, "Quantile", "Quantile"));
                case 4 -> startTimestamp = timestamp(open(w, inner, t, "StartTimestamp", "Timestamp"));
                default -> w.skip(t);
            }
        }
    }

    private void quantile(Wire q) throws ExpositionParseException {
        double quantile = 0;
        double v = 0;
        while (q.more()) {
            int t = q.tag();
            switch (t >>> 3) {
                case 1 -> quantile = q.fixed64(t, "Quantile");
                case 2 -> v = q.fixed64(t, "Value");
                default -> q.skip(t);
            }
        }
        addPoint(quantile, v, 0);
    }

    private void histogramMessage(Wire w) throws ExpositionParseException {
        while (w.more()) {
            int t = w.tag();
            switch (t >>> 3) {
                case 1 -> count = w.varint(t, "SampleCount");
                case 2 -> sum = w.fixed64(t, "SampleSum");
                case 3 -> bucket(open(w, inner, t, "Bucket", "Bucket"));
                case 4 -> countFloat = w.fixed64(t, "SampleCountFloat");
                case 15 -> startTimestamp = timestamp(open(w, inner, t, "StartTimestamp", "Timestamp"));
                // The native-histogram fields (5 to 14, 16).
                default -> w.skip(t);
            }
        }
    }

    private void bucket(Wire b) throws ExpositionParseException {
        long cumulative = 0;
        double cumulativeFloat = 0;
        double upper = 0;
        while (b.more()) {
            int t = b.tag();
            switch (t >>> 3) {
                case 1 -> cumulative = b.varint(t, "CumulativeCount");
                case 2 -> upper = b.fixed64(t, "UpperBound");
                case 3 -> b.skipField(t, "Exemplar");
                case 4 -> cumulativeFloat = b.fixed64(t, "CumulativeCountFloat");
                default -> b.skip(t);
            }
        }
        addPoint(upper, cumulativeFloat, cumulative);
    }

    /** google.protobuf.Timestamp in milliseconds, as Prometheus converts it (no validation). */
    private static long timestamp(Wire w) throws ExpositionParseException {
        long seconds = 0;
        int nanos = 0;
        while (w.more()) {
            int t = w.tag();
            switch (t >>> 3) {
                case 1 -> seconds = w.varint(t, "Seconds");
                case 2 -> nanos = (int) w.varint(t, "Nanos");
                default -> w.skip(t);
            }
        }
        return seconds * 1000 + nanos / 1_000_000;
    }

    private void addPoint(double b, double v, long c) {
        if (points == bounds.length) {
            bounds = Arrays.copyOf(bounds, points * 2);
            values = Arrays.copyOf(values, points * 2);
            counts = Arrays.copyOf(counts, points * 2);
        }
        bounds[points] = b;
        values[points] = v;
        counts[points] = c;
        points++;
    }

    /** Label names must be unique, also against the metric name and the bucket or quantile label. */
    private void checkLabels() throws ExpositionParseException {
        byte[] magic = isHistogram() ? LE : type == SUMMARY && points > 0 ? QUANTILE : null;
        int[] a = labels;
        for (int i = 0, at = 0; i < labelCount; i++, at += L_STRIDE) {
            int ns = a[at];
            int ne = a[at + 1];
            if (Arrays.equals(buf, ns, ne, METRIC_NAME, 0, METRIC_NAME.length)) {
                throw Wire.error("label name \"__name__\" is not unique: the metric name is set already", ns);
            }
            if (magic != null && Arrays.equals(buf, ns, ne, magic, 0, magic.length)) {
                throw Wire.error("label name " + GoQuote.quote(buf, ns, ne) + " is not unique: the "
                        + (magic == LE ? "histogram buckets" : "summary quantiles") + " of metric "
                        + GoQuote.quote(buf, nameStart, nameEnd) + " set it", ns);
            }
            for (int j = 0, bt = 0; j < i; j++, bt += L_STRIDE) {
                if (Arrays.equals(buf, ns, ne, buf, a[bt], a[bt + 1])) {
                    throw Wire.error("label name " + GoQuote.quote(buf, ns, ne) + " is not unique", ns);
                }
            }
        }
    }

    // ---- series

    private boolean isHistogram() {
        return type == HISTOGRAM || type == GAUGE_HISTOGRAM;
    }

    private boolean isComplex() {
        return type == SUMMARY || isHistogram();
    }

    private void firstSeries() {
        if (isComplex()) {
            fieldPos = -2;
            fieldsDone = false;
        } else {
            kind = K_PLAIN;
            setValue(type == COUNTER ? counter : type == UNTYPED ? untyped : gauge);
            finishKey();
            return;
        }
        series();
    }

    /** Sets up the series at {@link #fieldPos} of a summary or histogram. */
    private void series() {
        if (fieldPos == -2) {
            kind = K_COUNT;
            setValue(type == SUMMARY ? unsigned(count) : histogramCount());
        } else if (fieldPos == -1) {
            kind = K_SUM;
            setValue(sum);
            fieldsDone = type == SUMMARY && points == 0;
        } else if (type == SUMMARY) {
            kind = K_QUANTILE;
            bound = bounds[fieldPos];
            setValue(values[fieldPos]);
            fieldsDone = fieldPos == points - 1;
        } else {
            kind = K_BUCKET;
            if (fieldPos >= points) {
                bound = Double.POSITIVE_INFINITY;
                setValue(histogramCount());
                fieldsDone = true;
            } else {
                bound = bounds[fieldPos];
                setValue(values[fieldPos] != 0 ? values[fieldPos] : unsigned(counts[fieldPos]));
                fieldsDone = bound == Double.POSITIVE_INFINITY;
            }
        }
        finishKey();
    }

    private double histogramCount() {
        return countFloat != 0 ? countFloat : unsigned(count);
    }

    private void setValue(double v) {
        value = v != v ? GoFloat.NORMAL_NAN : v;
    }

    /** A uint64 as Go converts it to float64 (rounded to nearest). */
    private static double unsigned(long v) {
        return v >= 0 ? v : ((v >>> 1) | (v & 1)) * 2.0;
    }

    /** Writes the part of the key all series of the metric share: start byte, name, labels. */
    private void buildKeyBase() {
        int need = 1 + (nameEnd - nameStart) + 10;
        int[] a = labels;
        for (int i = 0, at = 0; i < labelCount; i++, at += L_STRIDE) {
            need += 2 + (a[at + 1] - a[at]) + (a[at + 3] - a[at + 2]);
        }
        if (need > key.length) {
            key = new byte[Math.max(need, key.length * 2)];
        }
        byte[] k = key;
        k[0] = KEY_START;
        int n = 1;
        n = copy(nameStart, nameEnd, k, n);
        for (int i = 0, at = 0; i < labelCount; i++, at += L_STRIDE) {
            k[n++] = KEY_SEP;
            n = copy(a[at], a[at + 1], k, n);
            k[n++] = KEY_SEP;
            n = copy(a[at + 2], a[at + 3], k, n);
        }
        keyBase = n;
    }

    private int copy(int from, int to, byte[] dst, int at) {
        System.arraycopy(buf, from, dst, at, to - from);
        return at + to - from;
    }

    /** Appends the kind of series, and the bound of a bucket or quantile, to the shared key part. */
    private void finishKey() {
        int n = keyBase;
        key[n++] = KEY_END;
        key[n++] = kind;
        if (kind == K_BUCKET || kind == K_QUANTILE) {
            LONGS.set(key, n, Double.doubleToRawLongBits(bound));
            n += 8;
        }
        keyLength = n;
    }

    // ---- accessors

    @Override
    public byte[] buffer() {
        return state == S_SERIES ? key : buf;
    }

    @Override
    public int seriesOffset() {
        return 0;
    }

    @Override
    public int seriesLength() {
        return keyLength;
    }

    @Override
    public long seriesHash() {
        return ByteHash.hash(key, 0, keyLength);
    }

    @Override
    public double value() {
        return value;
    }

    @Override
    public boolean hasTimestamp() {
        return timestampMs != 0;
    }

    @Override
    public long timestamp() {
        return timestampMs;
    }

    @Override
    public void labels(LabelsBuilder builder) {
        builder.reset();
        byte[] suffix = SUFFIXES[kind];
        int n = nameEnd - nameStart;
        if (scratch.length < n + suffix.length) {
            scratch = new byte[n + suffix.length];
        }
        System.arraycopy(buf, nameStart, scratch, 0, n);
        System.arraycopy(suffix, 0, scratch, n, suffix.length);
        builder.set(Labels.METRIC_NAME, strings.get(scratch, 0, n + suffix.length));
        int[] a = labels;
        for (int i = 0, at = 0; i < labelCount; i++, at += L_STRIDE) {
            if (a[at + 3] > a[at + 2]) {
                builder.set(strings.get(buf, a[at], a[at + 1]), strings.get(buf, a[at + 2], a[at + 3]));
            }
        }
        if (kind == K_BUCKET) {
            builder.set("le", GoFloat.formatOpenMetrics(bound));
        } else if (kind == K_QUANTILE) {
            builder.set("quantile", GoFloat.formatOpenMetrics(bound));
        }
    }

    @Override
    public int emptyLabelNames(Collection<? super String> names) {
        int added = 0;
        int[] a = labels;
        for (int i = 0, at = 0; i < labelCount; i++, at += L_STRIDE) {
            if (a[at + 3] == a[at + 2]) {
                names.add(strings.get(buf, a[at], a[at + 1]));
                added++;
            }
        }
        return added;
    }

    /** Always {@code null}: exemplars of the protobuf format are not read. */
    @Override
    public Exemplar exemplar() {
        return null;
    }

    /** The {@code start_timestamp} of a counter, summary or histogram in milliseconds, or 0. */
    @Override
    public long startTimestamp() {
        return type == COUNTER || isComplex() ? startTimestamp : 0;
    }

    @Override
    public String metricFamily() {
        return strings.get(buf, nameStart, nameEnd);
    }

    @Override
    public int metricFamilyOffset() {
        return nameStart;
    }

    @Override
    public int metricFamilyLength() {
        return nameEnd - nameStart;
    }

    @Override
    public int textOffset() {
        return state == S_UNIT ? unitStart : helpStart;
    }

    @Override
    public int textLength() {
        return state == S_UNIT ? unitEnd - unitStart : helpEnd - helpStart;
    }

    @Override
    public String help() {
        return new String(buf, helpStart, helpEnd - helpStart, StandardCharsets.UTF_8);
    }

    @Override
    public MetricType type() {
        return switch (type) {
            case COUNTER -> MetricType.COUNTER;
            case GAUGE -> MetricType.GAUGE;
            case SUMMARY -> MetricType.SUMMARY;
            case HISTOGRAM -> MetricType.HISTOGRAM;
            case GAUGE_HISTOGRAM -> MetricType.GAUGE_HISTOGRAM;
            default -> MetricType.UNKNOWN;
        };
    }

    @Override
    public String unit() {
        return new String(buf, unitStart, unitEnd - unitStart, StandardCharsets.UTF_8);
    }

    /** Always {@code ""}: the protobuf format has no comments, so no COMMENT entry comes. */
    @Override
    public String comment() {
        return "";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
