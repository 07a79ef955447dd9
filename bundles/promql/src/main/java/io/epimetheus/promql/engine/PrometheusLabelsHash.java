package io.epimetheus.promql.engine;

import io.epimetheus.api.model.Labels;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Prometheus's label-set hash: 64-bit xxHash (seed 0) of {@code name 0xff value 0xff ...}. Used
 * where Prometheus exposes the hash in results, namely which series {@code limit_ratio} keeps, so
 * the same series are kept.
 */
final class PrometheusLabelsHash {

    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;

    private PrometheusLabelsHash() {
    }

    static long hash(Labels labels) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        for (int i = 0; i < labels.size(); i++) {
            out.writeBytes(labels.name(i).getBytes(StandardCharsets.UTF_8));
            out.write(0xff);
            out.writeBytes(labels.value(i).getBytes(StandardCharsets.UTF_8));
            out.write(0xff);
        }
        return xxh64(out.toByteArray());
    }

    /** The hash as a fraction of the largest unsigned 64-bit value, in [0, 1]. */
    static double fraction(Labels labels) {
        long h = hash(labels);
        // Unsigned conversion with correct rounding: keep the lowest bit as a sticky bit.
        double d = h >= 0 ? (double) h : (double) ((h >>> 1) | (h & 1)) * 2.0;
        return d / 18446744073709551615.0;
    }

    static long xxh64(byte[] b) {
        int n = b.length;
        int i = 0;
        long h;
        if (n >= 32) {
            long v1 = P1 + P2;
            long v2 = P2;
            long v3 = 0;
            long v4 = -P1;
            while (i + 32 <= n) {
                v1 = round(v1, le64(b, i));
                v2 = round(v2, le64(b, i + 8));
                v3 = round(v3, le64(b, i + 16));
                v4 = round(v4, le64(b, i + 24));
                i += 32;
            }
            h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            h = mergeRound(h, v1);
            h = mergeRound(h, v2);
            h = mergeRound(h, v3);
            h = mergeRound(h, v4);
        } else {
            h = P5;
        }
        h += n;
        for (; i + 8 <= n; i += 8) {
            h ^= round(0, le64(b, i));
            h = Long.rotateLeft(h, 27) * P1 + P4;
        }
        if (i + 4 <= n) {
            h ^= (Integer.toUnsignedLong(le32(b, i))) * P1;
            h = Long.rotateLeft(h, 23) * P2 + P3;
            i += 4;
        }
        for (; i < n; i++) {
            h ^= (b[i] & 0xffL) * P5;
            h = Long.rotateLeft(h, 11) * P1;
        }
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        h ^= h >>> 32;
        return h;
    }

    private static long round(long acc, long input) {
        acc += input * P2;
        acc = Long.rotateLeft(acc, 31);
        return acc * P1;
    }

    private static long mergeRound(long acc, long val) {
        acc ^= round(0, val);
        return acc * P1 + P4;
    }

    private static long le64(byte[] b, int i) {
        return (b[i] & 0xffL) | (b[i + 1] & 0xffL) << 8 | (b[i + 2] & 0xffL) << 16 | (b[i + 3] & 0xffL) << 24
                | (b[i + 4] & 0xffL) << 32 | (b[i + 5] & 0xffL) << 40 | (b[i + 6] & 0xffL) << 48
                | (b[i + 7] & 0xffL) << 56;
    }

    private static int le32(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }
}
