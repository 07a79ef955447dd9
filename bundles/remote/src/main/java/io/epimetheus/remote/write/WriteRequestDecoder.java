package io.epimetheus.remote.write;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.remote.codec.ProtoReader;
import io.epimetheus.remote.codec.SampleReader;
import io.epimetheus.remote.codec.StringInterner;
import java.util.Arrays;

/**
 * Decodes remote-write requests, 1.0 ({@code prometheus.WriteRequest}) and 2.0 ({@code
 * io.prometheus.write.v2.Request}), straight from the uncompressed bytes into a {@link
 * WriteVisitor}, without building a message tree: label strings come from a {@link
 * StringInterner}, labels from one reused {@link LabelsBuilder}, samples as primitives.
 *
 * <p>Fields may come in any order, as protobuf allows: each series is walked once for its labels
 * and once for its samples, and a 2.0 request once for its symbol table before its series. Unknown
 * fields are skipped. Malformed input throws {@link io.epimetheus.remote.codec.ProtoException}
 * before any later series is delivered.
 *
 * <p>Not thread-safe: one decoder per thread, reused across requests.
 */
public final class WriteRequestDecoder {

    private final ProtoReader in = new ProtoReader();
    private final StringInterner strings;
    private final LabelsBuilder builder = new LabelsBuilder();
    private final LabelsBuilder exemplarBuilder = new LabelsBuilder();
    private final LabelsCache cache = new LabelsCache(1 << 14);
    private String[] pairs = new String[64];
    private int pairCount;
    private final Labels[] built = new Labels[1];
    private final SampleReader sample = new SampleReader();
    // The label last read by labelV1.
    private String labelName;
    private String labelValue;

    // 2.0 symbol table: offsets and lengths into the request, resolved lazily.
    private int[] symOff = new int[256];
    private int[] symLen = new int[256];
    private String[] symbols = new String[256];
    private int symCount;

    public WriteRequestDecoder(StringInterner strings) {
        this.strings = strings;
    }

    public WriteRequestDecoder() {
        this(new StringInterner(1 << 14));
    }

    /** Decodes a 1.0 {@code WriteRequest} from {@code buf[off, off+len)}. */
    public void decodeV1(byte[] buf, int off, int len, WriteVisitor v) {
        ProtoReader r = in.reset(buf, off, len);
        int tag;
        while ((tag = r.readTag()) != 0) {
            switch (tag >>> 3) {
                case 1 -> {
                    int old = r.enterMessage(tag);
                    timeSeriesV1(v);
                    r.popLimit(old);
                }
                case 3 -> {
                    int old = r.enterMessage(tag);
                    metadataV1(v);
                    r.popLimit(old);
                }
                default -> r.skip(tag & 7);
            }
        }
    }

    /** The {@code TimeSeries} in the current window: labels first, then samples, exemplars and histograms. */
    private void timeSeriesV1(WriteVisitor v) {
        ProtoReader r = in;
        int start = r.position();
        pairCount = 0;
        int tag;
        while ((tag = r.readTag()) != 0) {
            if (tag >>> 3 == 1) {
                labelV1(tag);
                addPair(labelName, labelValue);
            } else {
                r.skip(tag & 7);
            }
        }
        r.position(start);
        if (!openSeries(v, 2, 4)) {
            return;
        }
        while ((tag = r.readTag()) != 0) {
            switch (tag >>> 3) {
                case 2 -> {
                    sample.read(r, tag);
                    v.sample(sample.timestamp(), sample.value());
                }
                case 3 -> exemplar(tag, false, v);
                case 4 -> histogram(tag, v);
                default -> r.skip(tag & 7);
            }
        }
        v.endSeries();
    }

    /** Reads the 1.0 {@code Label} whose tag was just read into {@link #labelName} and {@link #labelValue}. */
    private void labelV1(int tag) {
        ProtoReader r = in;
        int old = r.enterMessage(tag);
        String name = "";
        String value = "";
        int t;
        while ((t = r.readTag()) != 0) {
            switch (t >>> 3) {
                case 1 -> name = string(t);
                case 2 -> value = string(t);
                default -> r.skip(t & 7);
            }
        }
        r.popLimit(old);
        labelName = name;
        labelValue = value;
    }

    /**
     * Resolves the labels collected from the series in the current window, positioned at its
     * start, and opens the series on {@code v}; for invalid labels reports the series as invalid
     * with the number of its samples and histograms (the fields given) and returns false.
     */
    private boolean openSeries(WriteVisitor v, int sampleField, int histogramField) {
        String problem = resolveLabels();
        if (problem != null) {
            ProtoReader r = in;
            int count = 0;
            int tag;
            while ((tag = r.readTag()) != 0) {
                int f = tag >>> 3;
                if (f == sampleField || f == histogramField) {
                    count++;
                }
                r.skip(tag & 7);
            }
            v.invalidSeries(problem, count);
            return false;
        }
        v.series(built[0]);
        return true;
    }

    /**
     * Passes on the exemplar whose tag was just read: labels (field 1: {@code Label} messages in
     * 1.0, packed symbol references in 2.0), value (field 2) and timestamp (field 3).
     */
    private void exemplar(int tag, boolean v2, WriteVisitor v) {
        ProtoReader r = in;
        int old = r.enterMessage(tag);
        LabelsBuilder eb = exemplarBuilder.reset();
        double value = 0;
        long ts = 0;
        int t;
        while ((t = r.readTag()) != 0) {
            switch (t >>> 3) {
                case 1 -> {
                    if (v2) {
                        exemplarLabelRefs(t, eb);
                    } else {
                        labelV1(t);
                        if (!labelName.isEmpty()) {
                            eb.set(labelName, labelValue);
                        }
                    }
                }
                case 2 -> {
                    r.expect(t, ProtoReader.FIXED64);
                    value = r.readDouble();
                }
                case 3 -> {
                    r.expect(t, ProtoReader.VARINT);
                    ts = r.readVarint64();
                }
                default -> r.skip(t & 7);
            }
        }
        r.popLimit(old);
        v.exemplar(eb.build(), value, ts);
    }

    /** Adds the 2.0 exemplar labels of the packed {@code labels_refs} whose tag was just read. */
    private void exemplarLabelRefs(int tag, LabelsBuilder eb) {
        ProtoReader r = in;
        if ((tag & 7) != ProtoReader.LEN) {
            throw r.error("exemplar labels_refs must be packed");
        }
        int old = r.pushLimit(r.readLength());
        while (r.hasRemaining()) {
            String name = symbol(r.readVarint32());
            if (!r.hasRemaining()) {
                throw r.error("exemplar labels_refs has an odd number of references");
            }
            eb.set(name, symbol(r.readVarint32()));
        }
        r.popLimit(old);
    }

    /**
     * Passes on the histogram whose tag was just read by its timestamp (field 15, the same in 1.0
     * and 2.0).
     */
    private void histogram(int tag, WriteVisitor v) {
        ProtoReader r = in;
        int old = r.enterMessage(tag);
        long ts = 0;
        int t;
        while ((t = r.readTag()) != 0) {
            if (t >>> 3 == 15) {
                r.expect(t, ProtoReader.VARINT);
                ts = r.readVarint64();
            } else {
                r.skip(t & 7);
            }
        }
        r.popLimit(old);
        v.histogram(ts);
    }

    private void metadataV1(WriteVisitor v) {
        ProtoReader r = in;
        int type = 0;
        String family = "";
        String help = "";
        String unit = "";
        int t;
        while ((t = r.readTag()) != 0) {
            switch (t >>> 3) {
                case 1 -> {
                    r.expect(t, ProtoReader.VARINT);
                    type = (int) r.readVarint64();
                }
                case 2 -> family = string(t);
                case 4 -> help = string(t);
                case 5 -> unit = string(t);
                default -> r.skip(t & 7);
            }
        }
        v.metadata(family, metricType(type), help, unit);
    }

    /** Decodes a 2.0 {@code Request} from {@code buf[off, off+len)}. */
    public void decodeV2(byte[] buf, int off, int len, WriteVisitor v) {
        ProtoReader r = in.reset(buf, off, len);
        symCount = 0;
        int tag;
        while ((tag = r.readTag()) != 0) {
            if (tag >>> 3 == 4) {
                r.expect(tag, ProtoReader.LEN);
                int n = r.readLength();
                addSymbol(r.position(), n);
                r.position(r.position() + n);
            } else {
                r.skip(tag & 7);
            }
        }
        if (symCount > 0 && symLen[0] != 0) {
            throw r.error("the first symbol must be the empty string, got " + symbol(0).length() + " bytes");
        }
        Arrays.fill(symbols, 0, symCount, null);
        r.reset(buf, off, len);
        while ((tag = r.readTag()) != 0) {
            if (tag >>> 3 == 5) {
                int old = r.enterMessage(tag);
                timeSeriesV2(v);
                r.popLimit(old);
            } else {
                r.skip(tag & 7);
            }
        }
    }

    private void addSymbol(int off, int len) {
        if (symCount == symOff.length) {
            int cap = symCount * 2;
            symOff = Arrays.copyOf(symOff, cap);
            symLen = Arrays.copyOf(symLen, cap);
            symbols = Arrays.copyOf(symbols, cap);
        }
        symOff[symCount] = off;
        symLen[symCount] = len;
        symbols[symCount] = null;
        symCount++;
    }

    private String symbol(int ref) {
        if (ref < 0 || ref >= symCount) {
            throw in.error("symbol reference " + ref + " outside the table of " + symCount + " symbols");
        }
        String s = symbols[ref];
        if (s == null) {
            try {
                s = strings.intern(in.buffer(), symOff[ref], symLen[ref]);
            } catch (IllegalArgumentException e) {
                throw in.error("symbol " + ref + ": " + e.getMessage());
            }
            symbols[ref] = s;
        }
        return s;
    }

    /**
     * The 2.0 {@code TimeSeries} in the current window: labels and metadata first, then samples,
     * histograms and exemplars.
     */
    private void timeSeriesV2(WriteVisitor v) {
        ProtoReader r = in;
        int start = r.position();
        pairCount = 0;
        // Pass 1: labels (field 1, packed or not) and metadata (field 5).
        int mType = 0;
        int helpRef = 0;
        int unitRef = 0;
        boolean hasMetadata = false;
        int tag;
        while ((tag = r.readTag()) != 0) {
            switch (tag >>> 3) {
                case 1 -> {
                    if ((tag & 7) == ProtoReader.LEN) {
                        int old = r.pushLimit(r.readLength());
                        while (r.hasRemaining()) {
                            int nameRef = r.readVarint32();
                            if (!r.hasRemaining()) {
                                throw r.error("labels_refs has an odd number of references");
                            }
                            addPair(symbol(nameRef), symbol(r.readVarint32()));
                        }
                        r.popLimit(old);
                    } else {
                        r.expect(tag, ProtoReader.VARINT);
                        int nameRef = r.readVarint32();
                        int t2 = r.readTag();
                        if (t2 >>> 3 != 1) {
                            throw r.error("labels_refs has an odd number of references");
                        }
                        r.expect(t2, ProtoReader.VARINT);
                        addPair(symbol(nameRef), symbol(r.readVarint32()));
                    }
                }
                case 5 -> {
                    int old = r.enterMessage(tag);
                    hasMetadata = true;
                    int t;
                    while ((t = r.readTag()) != 0) {
                        switch (t >>> 3) {
                            case 1 -> mType = r.readVarint32();
                            case 3 -> helpRef = r.readVarint32();
                            case 4 -> unitRef = r.readVarint32();
                            default -> r.skip(t & 7);
                        }
                    }
                    r.popLimit(old);
                }
                default -> r.skip(tag & 7);
            }
        }
        r.position(start);
        if (!openSeries(v, 2, 3)) {
            return;
        }
        if (hasMetadata && (mType != 0 || helpRef != 0 || unitRef != 0)) {
            v.metadata(built[0].metricName(), metricType(mType), symbol(helpRef), symbol(unitRef));
        }
        while ((tag = r.readTag()) != 0) {
            switch (tag >>> 3) {
                case 2 -> {
                    sample.read(r, tag);
                    v.sample(sample.timestamp(), sample.value());
                }
                case 3 -> histogram(tag, v);
                case 4 -> exemplar(tag, true, v);
                default -> r.skip(tag & 7);
            }
        }
        v.endSeries();
    }

    private String string(int tag) {
        ProtoReader r = in;
        r.expect(tag, ProtoReader.LEN);
        int n = r.readLength();
        int p = r.position();
        String s;
        try {
            s = strings.intern(r.buffer(), p, n);
        } catch (IllegalArgumentException e) {
            throw r.error(e.getMessage());
        }
        r.position(p + n);
        return s;
    }

    private void addPair(String name, String value) {
        if (pairCount + 2 > pairs.length) {
            pairs = Arrays.copyOf(pairs, pairs.length * 2);
        }
        pairs[pairCount++] = name;
        pairs[pairCount++] = value;
    }

    /**
     * Turns the collected pairs into {@code built[0]} through the cache; returns the problem with
     * them instead when they are not a valid series (then {@code built[0]} is only for messages).
     */
    private String resolveLabels() {
        int n = pairCount;
        int h = LabelsCache.hash(pairs, n);
        Labels cached = cache.get(pairs, n, h);
        if (cached != null) {
            built[0] = cached;
            return null;
        }
        String problem = LabelsCache.build(pairs, n, builder, built);
        if (problem != null) {
            built[0] = Labels.EMPTY;
            return "invalid labels for series: " + problem;
        }
        Labels labels = built[0];
        if (n == 0) {
            return "series without labels";
        }
        if (labels.metricName() == null) {
            return "invalid metric name or labels, got " + labels;
        }
        cache.put(pairs, n, h, labels);
        return null;
    }

    /** The metric type of a 1.0 or 2.0 metadata enum value (they share numbering). */
    static MetricType metricType(int v) {
        return switch (v) {
            case 1 -> MetricType.COUNTER;
            case 2 -> MetricType.GAUGE;
            case 3 -> MetricType.HISTOGRAM;
            case 4 -> MetricType.GAUGE_HISTOGRAM;
            case 5 -> MetricType.SUMMARY;
            case 6 -> MetricType.INFO;
            case 7 -> MetricType.STATESET;
            default -> MetricType.UNKNOWN;
        };
    }

    /** The 1.0/2.0 metadata enum value of a metric type. */
    static int metricTypeNumber(MetricType t) {
        return switch (t) {
            case COUNTER -> 1;
            case GAUGE -> 2;
            case HISTOGRAM -> 3;
            case GAUGE_HISTOGRAM -> 4;
            case SUMMARY -> 5;
            case INFO -> 6;
            case STATESET -> 7;
            case UNKNOWN -> 0;
        };
    }
}
