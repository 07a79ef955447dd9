package io.epimetheus.remote.write;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.remote.codec.ProtoReader;
import io.epimetheus.remote.codec.ProtoWriter;
import io.epimetheus.tsdb.format.encoding.Utf8;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds one remote-write request body (before compression), in the 1.0 or 2.0 message, sample by
 * sample. As Prometheus's sender does, each sample goes out as its own time series entry carrying
 * the full label set, so batches need no grouping. In 2.0 every string goes through the request's
 * symbol table, whose first entry is the empty string.
 *
 * <p>Not thread-safe; {@link #reset()} between requests reuses all buffers.
 */
public final class WriteRequestEncoder {

    private final boolean v2;
    private final ProtoWriter series = new ProtoWriter(1 << 16);
    private final ProtoWriter out = new ProtoWriter(1 << 16);
    private final Map<String, Integer> symbolIndex = new HashMap<>();
    private final ProtoWriter symbolsOut = new ProtoWriter(1 << 12);
    private int[] refs = new int[64];

    /** An encoder for the 1.0 message ({@code v2 == false}) or the 2.0 message. */
    public WriteRequestEncoder(boolean v2) {
        this.v2 = v2;
        reset();
    }

    public boolean isV2() {
        return v2;
    }

    public void reset() {
        series.reset();
        symbolsOut.reset();
        symbolIndex.clear();
        if (v2) {
            symbol("");
        }
    }

    /** Adds one float sample of the series {@code labels}. */
    public void addSample(Labels labels, long t, double v) {
        if (v2) {
            addSampleV2(labels, t, v);
            return;
        }
        int n = labels.size();
        int size = 0;
        for (int i = 0; i < n; i++) {
            size += ProtoWriter.messageFieldSize(1, labelSize(labels.name(i), labels.value(i)));
        }
        int sampleSize = ProtoWriter.doubleFieldSize(1, v) + ProtoWriter.varintFieldSize(2, t);
        size += ProtoWriter.messageFieldSize(2, sampleSize);
        ProtoWriter w = series;
        w.messageField(1, size);
        for (int i = 0; i < n; i++) {
            String name = labels.name(i);
            String value = labels.value(i);
            w.messageField(1, labelSize(name, value));
            w.stringField(1, name);
            w.stringField(2, value);
        }
        w.messageField(2, sampleSize);
        w.doubleField(1, v);
        w.varintField(2, t);
    }

    private static int labelSize(String name, String value) {
        return ProtoWriter.stringFieldSize(1, name) + ProtoWriter.stringFieldSize(2, value);
    }

    private void addSampleV2(Labels labels, long t, double v) {
        int n = labels.size();
        if (refs.length < 2 * n) {
            refs = new int[4 * n];
        }
        int refBytes = 0;
        for (int i = 0; i < n; i++) {
            int a = symbol(labels.name(i));
            int b = symbol(labels.value(i));
            refs[2 * i] = a;
            refs[2 * i + 1] = b;
            refBytes += ProtoWriter.varintSize(a) + ProtoWriter.varintSize(b);
        }
        int sampleSize = ProtoWriter.doubleFieldSize(1, v) + ProtoWriter.varintFieldSize(2, t);
        int size = ProtoWriter.messageFieldSize(1, refBytes) + ProtoWriter.messageFieldSize(2, sampleSize);
        ProtoWriter w = series;
        w.messageField(5, size);
        w.messageField(1, refBytes);
        for (int i = 0; i < 2 * n; i++) {
            w.varint(refs[i]);
        }
        w.messageField(2, sampleSize);
        w.doubleField(1, v);
        w.varintField(2, t);
    }

    /** Adds a metric family's metadata (1.0 only; 2.0 carries metadata per series). */
    public void addMetadata(String family, MetricType type, String help, String unit) {
        if (v2) {
            return;
        }
        int typeNo = WriteRequestDecoder.metricTypeNumber(type);
        int size = ProtoWriter.varintFieldSize(1, typeNo) + ProtoWriter.stringFieldSize(2, family)
                + ProtoWriter.stringFieldSize(4, help) + ProtoWriter.stringFieldSize(5, unit);
        series.messageField(3, size);
        series.varintField(1, typeNo);
        series.stringField(2, family);
        series.stringField(4, help);
        series.stringField(5, unit);
    }

    private int symbol(String s) {
        Integer i = symbolIndex.get(s);
        if (i != null) {
            return i;
        }
        int idx = symbolIndex.size();
        symbolIndex.put(s, idx);
        symbolsOut.tag(4, ProtoReader.LEN);
        symbolsOut.varint(Utf8.encodedLength(s));
        symbolsOut.utf8(s);
        return idx;
    }

    /** The encoded request; valid until the next call on this encoder. */
    public ProtoWriter finish() {
        out.reset();
        if (v2) {
            out.raw(symbolsOut.buffer(), 0, symbolsOut.size());
        }
        out.raw(series.buffer(), 0, series.size());
        return out;
    }
}
