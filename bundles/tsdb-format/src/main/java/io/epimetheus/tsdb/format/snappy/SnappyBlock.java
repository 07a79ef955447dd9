package io.epimetheus.tsdb.format.snappy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The Snappy block format, which Prometheus applies to WAL records and the remote-write and
 * remote-read protocols to request and response bodies ({@code Content-Encoding: snappy}): a
 * uvarint of the decoded length, then elements whose tag's low two bits say literal (0), copy with
 * 1-byte offset (1), 2-byte offset (2) or 4-byte offset (3).
 *
 * <p>Pure Java so that it works unchanged inside OSGi (snappy-java's native loader does not). The
 * encoder is a greedy hash-table matcher over 64 KiB fragments: its table is sized to the input
 * (small records clear little of it), matches are extended 8 bytes at a time, and it skips ahead
 * faster through incompressible input. It keeps its table between calls. Decoding is static and
 * allocation free. Instances are not thread-safe.
 */
public final class SnappyBlock {

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int FRAGMENT = 1 << 16;
    private static final int HASH_BITS = 14;
    private static final int MIN_HASH_BITS = 8;
    /** Inputs shorter than this are stored as one literal: there is nothing worth matching. */
    private static final int MIN_MATCHABLE = 17;

    private final int[] table = new int[1 << HASH_BITS];

    /** The largest encoded size of {@code n} input bytes. */
    public static int maxEncodedLength(int n) {
        return 32 + n + n / 6;
    }

    /**
     * Compresses {@code src[off, off+len)} into {@code dst} starting at index 0; {@code dst} must
     * hold at least {@link #maxEncodedLength(int) maxEncodedLength(len)} bytes. Returns the
     * encoded length.
     */
    public int encode(byte[] src, int off, int len, byte[] dst) {
        int d = putUvarint(dst, 0, len);
        for (int pos = off, end = off + len; pos < end; ) {
            int n = Math.min(FRAGMENT, end - pos);
            d = encodeFragment(src, pos, n, dst, d);
            pos += n;
        }
        return d;
    }

    private int encodeFragment(byte[] src, int start, int n, byte[] dst, int d) {
        int end = start + n;
        if (n < MIN_MATCHABLE) {
            return emitLiteral(dst, d, src, start, n);
        }
        // The table grows with the input (as Go's encoder sizes it): small records clear little.
        int bits = Math.max(MIN_HASH_BITS, Math.min(HASH_BITS, 32 - Integer.numberOfLeadingZeros(n - 1)));
        int shift = 32 - bits;
        int[] tab = table;
        Arrays.fill(tab, 0, 1 << bits, -1);
        int lastStart = end - 4;
        int literalFrom = start;
        int s = start + 1;
        int misses = 32; // the skip grows by one for every 32 positions without a match
        while (s <= lastStart) {
            int cur = get32(src, s);
            int h = hash(cur, shift);
            int cand = tab[h];
            tab[h] = s;
            if (cand >= start && get32(src, cand) == cur) {
                if (literalFrom < s) {
                    d = emitLiteral(dst, d, src, literalFrom, s - literalFrom);
                }
                int m = matchLength(src, cand, s, end);
                d = emitCopy(dst, d, s - cand, m);
                s += m;
                literalFrom = s;
                misses = 32;
                if (s - 1 <= lastStart) {
                    tab[hash(get32(src, s - 1), shift)] = s - 1;
                }
            } else {
                s += misses++ >> 5;
            }
        }
        if (literalFrom < end) {
            d = emitLiteral(dst, d, src, literalFrom, end - literalFrom);
        }
        return d;
    }

    /**
     * The length of the match at {@code s} with {@code cand}, whose first 4 bytes are equal. Most
     * matches in WAL records are short, so the first bytes are compared one by one; a match that
     * goes on is then extended 8 bytes at a time.
     */
    private static int matchLength(byte[] src, int cand, int s, int end) {
        int max = end - s;
        int m = 4;
        int bytewise = Math.min(max, 12);
        while (m < bytewise) {
            if (src[cand + m] != src[s + m]) {
                return m;
            }
            m++;
        }
        while (m + 8 <= max) {
            long x = (long) LONG_LE.get(src, s + m) ^ (long) LONG_LE.get(src, cand + m);
            if (x != 0) {
                return m + (Long.numberOfTrailingZeros(x) >>> 3);
            }
            m += 8;
        }
        while (m < max && src[cand + m] == src[s + m]) {
            m++;
        }
        return m;
    }

    private static int hash(int x, int shift) {
        return (x * 0x1E35A7BD) >>> shift;
    }

    private static int get32(byte[] b, int i) {
        return (int) INT_LE.get(b, i);
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

    /** Emits a back-reference; fragments are at most 64 KiB so offsets fit two bytes. */
    private static int emitCopy(byte[] dst, int d, int offset, int len) {
        while (len >= 68) {
            d = emitCopy2(dst, d, offset, 64);
            len -= 64;
        }
        if (len > 64) {
            // Leave at least 4 bytes so the remainder still fits a copy element.
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

    private static int putUvarint(byte[] b, int i, int v) {
        while ((v & ~0x7F) != 0) {
            b[i++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b[i++] = (byte) v;
        return i;
    }

    /**
     * The decoded length stated by the header of {@code src[off, off+len)}.
     *
     * @throws SnappyException if the header is not a uvarint that fits an {@code int}
     */
    public static int decodedLength(byte[] src, int off, int len) {
        long x = 0;
        for (int i = 0, shift = 0; i < 5 && i < len; i++, shift += 7) {
            int c = src[off + i] & 0xFF;
            x |= (long) (c & 0x7F) << shift;
            if (c < 0x80) {
                if (x > Integer.MAX_VALUE) {
                    break;
                }
                return (int) x;
            }
        }
        throw new SnappyException("snappy: corrupt input: bad decoded-length header");
    }

    private static int headerLength(byte[] src, int off) {
        int i = 0;
        while ((src[off + i] & 0x80) != 0) {
            i++;
        }
        return i + 1;
    }

    /**
     * Decompresses {@code src[off, off+len)} into {@code dst} from index 0, which must hold
     * {@link #decodedLength} bytes. Returns the decoded length.
     *
     * @throws SnappyException if the input is not valid Snappy block data
     */
    public static int decode(byte[] src, int off, int len, byte[] dst) {
        int n = decodedLength(src, off, len);
        if (dst.length < n) {
            throw new IllegalArgumentException("snappy: destination holds " + dst.length + " bytes, need " + n);
        }
        int s = off + headerLength(src, off);
        int end = off + len;
        int d = 0;
        while (s < end) {
            int tag = src[s++] & 0xFF;
            int length;
            int offset;
            switch (tag & 3) {
                case 0 -> {
                    int m = tag >>> 2;
                    if (m >= 60) {
                        int bytes = m - 59;
                        if (end - s < bytes) {
                            throw truncated();
                        }
                        m = 0;
                        for (int i = 0; i < bytes; i++) {
                            m |= (src[s++] & 0xFF) << (8 * i);
                        }
                        if (m < 0) {
                            throw new SnappyException("snappy: corrupt input: literal length overflows");
                        }
                    }
                    length = m + 1;
                    if (length > end - s) {
                        throw truncated();
                    }
                    if (length > n - d) {
                        throw overrun(n);
                    }
                    System.arraycopy(src, s, dst, d, length);
                    s += length;
                    d += length;
                    continue;
                }
                case 1 -> {
                    if (s >= end) {
                        throw truncated();
                    }
                    length = 4 + ((tag >>> 2) & 7);
                    offset = ((tag >>> 5) << 8) | (src[s++] & 0xFF);
                }
                case 2 -> {
                    if (end - s < 2) {
                        throw truncated();
                    }
                    length = 1 + (tag >>> 2);
                    offset = (src[s] & 0xFF) | (src[s + 1] & 0xFF) << 8;
                    s += 2;
                }
                default -> {
                    if (end - s < 4) {
                        throw truncated();
                    }
                    length = 1 + (tag >>> 2);
                    offset = get32(src, s);
                    s += 4;
                }
            }
            if (offset <= 0 || offset > d) {
                throw new SnappyException("snappy: corrupt input: copy offset " + Integer.toUnsignedString(offset)
                        + " at output position " + d);
            }
            if (length > n - d) {
                throw overrun(n);
            }
            if (offset >= length) {
                System.arraycopy(dst, d - offset, dst, d, length);
                d += length;
            } else {
                // Overlapping copy: repeats the last `offset` bytes, so it must go byte by byte.
                for (int end2 = d + length; d < end2; d++) {
                    dst[d] = dst[d - offset];
                }
            }
        }
        if (d != n) {
            throw new SnappyException("snappy: corrupt input: decoded " + d + " bytes, header says " + n);
        }
        return n;
    }

    private static SnappyException truncated() {
        return new SnappyException("snappy: corrupt input: truncated element");
    }

    private static SnappyException overrun(int n) {
        return new SnappyException("snappy: corrupt input: output exceeds the " + n + " bytes the header states");
    }
}
