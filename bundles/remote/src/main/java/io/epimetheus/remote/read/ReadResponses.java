package io.epimetheus.remote.read;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.api.storage.SampleIterator;
import io.epimetheus.api.storage.SeriesSet;
import io.epimetheus.api.storage.ValueType;
import io.epimetheus.remote.codec.ProtoWriter;
import io.epimetheus.tsdb.format.chunk.XorChunk;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32C;

/**
 * Writes remote-read responses from {@link SeriesSet}s: the sampled {@code prometheus.ReadResponse}
 * (one {@code QueryResult} per query, to be snappy-compressed by the caller) and the streamed
 * {@code prometheus.ChunkedReadResponse} frames of {@code STREAMED_XOR_CHUNKS}: per frame a uvarint
 * length, the big-endian CRC-32C of the message, then the message; one series per frame, split
 * over several frames when its chunks exceed the frame budget; chunks in Prometheus's XOR encoding
 * of at most 120 samples.
 *
 * <p>External labels are added to every series unless the series has that label itself. Not
 * thread-safe; one instance per request.
 */
public final class ReadResponses {

    /** Prometheus cuts head chunks at 120 samples; remote-read chunks follow the same size. */
    static final int SAMPLES_PER_CHUNK = 120;
    private static final int CHUNK_ENCODING_XOR = 1;

    /** A query selected more samples than the limit allows (an HTTP 400 for the client). */
    public static final class SampleLimitExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SampleLimitExceeded(long limit) {
            super("exceeded sample limit (" + limit + ")");
        }
    }

    private final Labels externalLabels;
    private final LabelsBuilder builder = new LabelsBuilder();
    private final ProtoWriter series = new ProtoWriter(4096);
    private final ProtoWriter labelsOut = new ProtoWriter(256);
    private final ProtoWriter frame = new ProtoWriter(1 << 16);
    private final ProtoWriter header = new ProtoWriter(16);
    private final CRC32C crc = new CRC32C();
    private final XorChunk chunk = new XorChunk(1024);
    private SampleIterator it;

    public ReadResponses(Labels externalLabels) {
        this.externalLabels = externalLabels;
    }

    /** The series' labels with the external labels it does not have itself. */
    Labels withExternal(Labels labels) {
        if (externalLabels.isEmpty()) {
            return labels;
        }
        builder.reset(labels);
        for (int i = 0; i < externalLabels.size(); i++) {
            if (!labels.has(externalLabels.name(i))) {
                builder.set(externalLabels.name(i), externalLabels.value(i));
            }
        }
        return builder.build();
    }

    private void writeLabels(ProtoWriter w, int field, Labels labels) {
        for (int i = 0; i < labels.size(); i++) {
            String n = labels.name(i);
            String v = labels.value(i);
            w.messageField(field, ProtoWriter.stringFieldSize(1, n) + ProtoWriter.stringFieldSize(2, v));
            w.stringField(1, n);
            w.stringField(2, v);
        }
    }

    /**
     * Appends one {@code QueryResult} with every series of {@code set} to {@code out} (a {@code
     * ReadResponse} under construction).
     *
     * @param sampleLimit the most samples to return for this query, 0 for no limit
     * @throws SampleLimitExceeded if the query selects more
     */
    public void appendQueryResult(ProtoWriter out, SeriesSet set, long sampleLimit) {
        ProtoWriter result = new ProtoWriter(1 << 16);
        long samples = 0;
        while (set.next()) {
            series.reset();
            writeLabels(series, 1, withExternal(set.labels()));
            it = set.iterator(it);
            ValueType t;
            while ((t = it.next()) != ValueType.NONE) {
                if (t != ValueType.FLOAT) {
                    continue;
                }
                if (sampleLimit > 0 && ++samples > sampleLimit) {
                    throw new SampleLimitExceeded(sampleLimit);
                }
                double v = it.v();
                long ts = it.t();
                series.messageField(2, ProtoWriter.doubleFieldSize(1, v) + ProtoWriter.varintFieldSize(2, ts));
                series.doubleField(1, v);
                series.varintField(2, ts);
            }
            result.messageField(1, series.size());
            result.raw(series.buffer(), 0, series.size());
        }
        out.messageField(1, result.size());
        out.raw(result.buffer(), 0, result.size());
    }

    /**
     * Streams every series of {@code set} (which must be sorted) as chunked frames for query
     * {@code queryIndex}.
     *
     * @param maxBytesInFrame the frame budget; a frame exceeds it by at most one chunk
     * @param sampleLimit the most samples to return for this query, 0 for no limit
     */
    public void streamChunked(OutputStream out, SeriesSet set, int queryIndex, int maxBytesInFrame,
            long sampleLimit) throws IOException {
        long samples = 0;
        while (set.next()) {
            Labels labels = withExternal(set.labels());
            labelsOut.reset();
            writeLabels(labelsOut, 1, labels);
            int budget = maxBytesInFrame - labelsOut.size();
            series.reset(); // the chunks of the frame being built
            it = set.iterator(it);
            chunk.reset();
            long minT = 0;
            ValueType t;
            boolean any = false;
            while ((t = it.next()) != ValueType.NONE) {
                if (t != ValueType.FLOAT) {
                    continue;
                }
                if (sampleLimit > 0 && ++samples > sampleLimit) {
                    throw new SampleLimitExceeded(sampleLimit);
                }
                if (chunk.numSamples() == 0) {
                    minT = it.t();
                }
                chunk.append(it.t(), it.v());
                any = true;
                if (chunk.numSamples() == SAMPLES_PER_CHUNK) {
                    addChunk(minT);
                    if (series.size() >= budget) {
                        writeFrame(out, queryIndex);
                    }
                }
            }
            if (chunk.numSamples() > 0) {
                addChunk(minT);
            }
            if (any && series.size() > 0) {
                writeFrame(out, queryIndex);
            }
        }
    }

    private void addChunk(long minT) {
        int len = chunk.byteLength();
        long maxT = chunk.lastT();
        int size = ProtoWriter.varintFieldSize(1, minT) + ProtoWriter.varintFieldSize(2, maxT)
                + ProtoWriter.varintFieldSize(3, CHUNK_ENCODING_XOR) + ProtoWriter.messageFieldSize(4, len);
        series.messageField(2, size);
        series.varintField(1, minT);
        series.varintField(2, maxT);
        series.varintField(3, CHUNK_ENCODING_XOR);
        series.bytesField(4, chunk.array(), 0, len);
        chunk.reset();
    }

    private void writeFrame(OutputStream out, int queryIndex) throws IOException {
        int seriesSize = labelsOut.size() + series.size();
        frame.reset();
        frame.messageField(1, seriesSize);
        frame.raw(labelsOut.buffer(), 0, labelsOut.size());
        frame.raw(series.buffer(), 0, series.size());
        frame.varintField(2, queryIndex);
        crc.reset();
        crc.update(frame.buffer(), 0, frame.size());
        header.reset();
        header.varint(frame.size());
        header.fixed32BigEndian((int) crc.getValue());
        out.write(header.buffer(), 0, header.size());
        out.write(frame.buffer(), 0, frame.size());
        series.reset();
    }
}
