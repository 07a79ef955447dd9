package io.epimetheus.tsdb.format.record;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.tsdb.format.encoding.CorruptionException;
import io.epimetheus.tsdb.format.encoding.DecBuf;
import io.epimetheus.tsdb.format.encoding.EncBuf;

/**
 * Prometheus's WAL record encodings: series ({@code 1}: BE64 ref, then uvarint label count and
 * uvarint-length strings), float samples ({@code 2}: BE64 base ref and BE64 base timestamp, then
 * per sample a varint ref delta, a varint timestamp delta and the BE64 value bits), and tombstones
 * ({@code 3}: BE64 ref, varint mint, varint maxt). Other record types are skipped on replay.
 */
public final class Records {

    public static final int SERIES = 1;
    public static final int SAMPLES = 2;
    public static final int TOMBSTONES = 3;

    private Records() {
    }

    /** The record type byte, or -1 for an empty record. */
    public static int type(byte[] rec, int len) {
        return len == 0 ? -1 : rec[0] & 0xFF;
    }

    public static void startSeries(EncBuf b) {
        b.putByte(SERIES);
    }

    public static void addSeries(EncBuf b, long ref, Labels labels) {
        b.putBE64(ref);
        b.putUvarint(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            b.putUvarintStr(labels.name(i));
            b.putUvarintStr(labels.value(i));
        }
    }

    /** Encodes {@code n} samples as one samples record. */
    public static void samples(EncBuf b, int[] refs, long[] ts, double[] vs, int n) {
        b.putByte(SAMPLES);
        if (n == 0) {
            return;
        }
        long baseRef = refs[0] & 0xFFFFFFFFL;
        long baseT = ts[0];
        b.putBE64(baseRef);
        b.putBE64(baseT);
        for (int i = 0; i < n; i++) {
            b.putVarint((refs[i] & 0xFFFFFFFFL) - baseRef);
            b.putVarint(ts[i] - baseT);
            b.putBE64(Double.doubleToRawLongBits(vs[i]));
        }
    }

    public static void startTombstones(EncBuf b) {
        b.putByte(TOMBSTONES);
    }

    public static void addTombstone(EncBuf b, long ref, long mint, long maxt) {
        b.putBE64(ref);
        b.putVarint(mint);
        b.putVarint(maxt);
    }

    /** Receives decoded series. */
    @FunctionalInterface
    public interface SeriesConsumer {
        void accept(long ref, Labels labels);
    }

    /** Receives decoded samples. */
    @FunctionalInterface
    public interface SampleConsumer {
        void accept(long ref, long t, double v);
    }

    /** Receives decoded tombstones. */
    @FunctionalInterface
    public interface TombstoneConsumer {
        void accept(long ref, long mint, long maxt);
    }

    public static void decodeSeries(byte[] rec, int len, LabelsBuilder lb, SeriesConsumer c) {
        DecBuf d = new DecBuf(rec, 1, len);
        while (d.remaining() > 0) {
            long ref = d.getBE64();
            int n = d.getUvarintInt();
            lb.reset();
            for (int i = 0; i < n; i++) {
                String name = d.getUvarintStr();
                String value = d.getUvarintStr();
                lb.set(name, value);
            }
            c.accept(ref, lb.build());
        }
    }

    public static void decodeSamples(byte[] rec, int len, DecBuf d, SampleConsumer c) {
        d.reset(rec, 1, len);
        if (d.remaining() == 0) {
            return;
        }
        long baseRef = d.getBE64();
        long baseT = d.getBE64();
        while (d.remaining() > 0) {
            long ref = baseRef + d.getVarint();
            long t = baseT + d.getVarint();
            double v = Double.longBitsToDouble(d.getBE64());
            c.accept(ref, t, v);
        }
    }

    public static void decodeTombstones(byte[] rec, int len, TombstoneConsumer c) {
        DecBuf d = new DecBuf(rec, 1, len);
        while (d.remaining() > 0) {
            long ref = d.getBE64();
            long mint = d.getVarint();
            long maxt = d.getVarint();
            if (mint > maxt) {
                throw new CorruptionException("tombstone record with mint " + mint + " > maxt " + maxt);
            }
            c.accept(ref, mint, maxt);
        }
    }
}
