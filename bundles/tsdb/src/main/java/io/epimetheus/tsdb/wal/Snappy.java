package io.epimetheus.tsdb.wal;

import io.epimetheus.tsdb.encoding.CorruptionException;
import java.util.Arrays;

/**
 * The Snappy block format (the one Go's {@code snappy.Encode}/{@code Decode} use, which Prometheus
 * applies to WAL records): a uvarint of the decoded length, then literals and back-references.
 * The encoder is a greedy hash-table matcher over 64 KiB fragments; it reuses its table and is
 * not thread-safe. Decoding accepts every element kind the format defines.
 */
public final class Snappy {

    private static final int BLOCK = 1 << 16;
    private static final int HASH_BITS = 14;

    private final int[] table = new int[1 << HASH_BITS];

    /** The largest encoded size of {@code n} input bytes. */
    public static int maxEncodedLength(int n) {
        return 32 + n + n / 6;
    }

    /**
     * Compresses {@code src[off, off+len)} into {@code dst} (which must hold {@link
     * #maxEncodedLength} bytes); returns the encoded length.
     */
    public int encode(byte[] src, int off, int len, byte[] dst) {
        int d = putUvarint(dst, 0, len);
        int pos = off;
        int end = off + len;
        while (pos < end) {
            int n = Math.min(BLOCK, end - pos);
            d = encodeBlock(src, pos, n, dst, d);
            pos += n;
        }
        return d;
    }

    private int encodeBlock(byte[] src, int start, int n, byte[] dst, int d) {
        int end = start + n;
        if (n < 17) {
            return emitLiteral(dst, d, src, start, n);
        }
        Arrays.fill(table, -1);
        int limit = end - 4;
        int lit = start;
        int s = start;
        while (s <= limit) {
            int h = hash(get32(src, s));
            int cand = table[h];
            table[h] = s;
            if (cand >= start && s - cand < BLOCK && get32(src, cand) == get32(src, s)) {
                if (lit < s) {
                    d = emitLiteral(dst, d, src, lit, s - lit);
                }
                int m = 4;
                while (s + m < end && src[cand + m] == src[s + m]) {
                    m++;
                }
                d = emitCopy(dst, d, s - cand, m);
                s += m;
                lit = s;
                if (s - 1 <= limit && s - 1 >= start) {
                    table[hash(get32(src, s - 1))] = s - 1;
                }
            } else {
                s++;
            }
        }
        if (lit < end) {
            d = emitLiteral(dst, d, src, lit, end - lit);
        }
        return d;
    }

    private static int hash(int x) {
        return (x * 0x1E35A7BD) >>> (32 - HASH_BITS);
    }

    private static int get32(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }

    private static int emitLiteral(byte[] dst, int d, byte[] src, int off, int n) {
        int m = n - 1;
        if (m < 60) {
            dst[d++] = (byte) (m << 2);
        } else if (m < 1 << 8) {
            dst[d++] = (byte) (60 << 2);
            dst[d++] = (byte) m;
        } else if (m < 1 << 16) {
            dst[d++] = (byte) (61 << 2);
            dst[d++] = (byte) m;
            dst[d++] = (byte) (m >>> 8);
        } else {
            dst[d++] = (byte) (62 << 2);
            dst[d++] = (byte) m;
            dst[d++] = (byte) (m >>> 8);
            dst[d++] = (byte) (m >>> 16);
        }
        System.arraycopy(src, off, dst, d, n);
        return d + n;
    }

    private static int emitCopy(byte[] dst, int d, int offset, int len) {
        while (len >= 68) {
            d = emitCopy2(dst, d, offset, 64);
            len -= 64;
        }
        if (len > 64) {
            d = emitCopy2(dst, d, offset, 60);
            len -= 60;
        }
        if (len >= 12 || offset >= 2048) {
            return emitCopy2(dst, d, offset, len);
        }
        dst[d++] = (byte) (((offset >>> 8) << 5) | ((len - 4) << 2) | 1);
        dst[d++] = (byte) offset;
        return d;
    }

    private static int emitCopy2(byte[] dst, int d, int offset, int len) {
        dst[d++] = (byte) (((len - 1) << 2) | 2);
        dst[d++] = (byte) offset;
        dst[d++] = (byte) (offset >>> 8);
        return d;
    }

    private static int putUvarint(byte[] b, int i, long v) {
        while ((v & ~0x7FL) != 0) {
            b[i++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b[i++] = (byte) v;
        return i;
    }

    /** The decoded length stated by the header of {@code src[off, off+len)}. */
    public static int decodedLength(byte[] src, int off, int len) {
        long x = 0;
        int s = 0;
        for (int i = 0; i < 5 && i < len; i++) {
            int c = src[off + i] & 0xFF;
            x |= (long) (c & 0x7F) << s;
            if (c < 0x80) {
                if (x > Integer.MAX_VALUE) {
                    break;
                }
                return (int) x;
            }
            s += 7;
        }
        throw new CorruptionException("snappy: bad length header");
    }

    /** Decompresses {@code src[off, off+len)} into {@code dst}; returns the decoded length. */
    public static int decode(byte[] src, int off, int len, byte[] dst) {
        int n = decodedLength(src, off, len);
        if (dst.length < n) {
            throw new IllegalArgumentException("snappy: destination of " + dst.length + " bytes, need " + n);
        }
        int s = off;
        int end = off + len;
        while ((src[s++] & 0x80) != 0) {
            // skip the length header
        }
        int d = 0;
        try {
            while (s < end) {
                int tag = src[s++] & 0xFF;
                int length;
                int offset;
                switch (tag & 3) {
                    case 0 -> {
                        int m = tag >>> 2;
                        if (m >= 60) {
                            int bytes = m - 59;
                            m = 0;
                            for (int i = 0; i < bytes; i++) {
                                m |= (src[s++] & 0xFF) << (8 * i);
                            }
                        }
                        length = m + 1;
                        if (length > end - s || length > n - d) {
                            throw new CorruptionException("snappy: literal overruns its block");
                        }
                        System.arraycopy(src, s, dst, d, length);
                        s += length;
                        d += length;
                        continue;
                    }
                    case 1 -> {
                        length = 4 + ((tag >>> 2) & 7);
                        offset = ((tag >>> 5) << 8) | (src[s++] & 0xFF);
                    }
                    case 2 -> {
                        length = 1 + (tag >>> 2);
                        offset = (src[s] & 0xFF) | (src[s + 1] & 0xFF) << 8;
                        s += 2;
                    }
                    default -> {
                        length = 1 + (tag >>> 2);
                        offset = (src[s] & 0xFF) | (src[s + 1] & 0xFF) << 8 | (src[s + 2] & 0xFF) << 16
                                | (src[s + 3] & 0xFF) << 24;
                        s += 4;
                    }
                }
                if (offset <= 0 || offset > d || length > n - d) {
                    throw new CorruptionException("snappy: bad back-reference");
                }
                for (int i = 0; i < length; i++, d++) {
                    dst[d] = dst[d - offset];
                }
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new CorruptionException("snappy: truncated input", e);
        }
        if (d != n) {
            throw new CorruptionException("snappy: decoded " + d + " bytes, header said " + n);
        }
        return n;
    }
}
