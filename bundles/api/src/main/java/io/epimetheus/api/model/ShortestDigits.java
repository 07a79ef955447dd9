package io.epimetheus.api.model;

import java.math.BigInteger;

/**
 * The shortest decimal digits that read back as a given double, closest to it on ties in length,
 * computed with Raffaello Giulietti's Schubfach algorithm: a few 64×128-bit multiplications per
 * value, no allocation. These are the digits {@code Double.toString} prints from Java 19 on and
 * Go's {@code strconv.FormatFloat(v, 'g', -1, 64)} prints, so formatting does not depend on the
 * running JDK.
 *
 * <p>The result is written into caller-provided state ({@link #digits}, {@link #exponent}) so that
 * a thread-local instance serves every call of its thread. Not thread-safe.
 */
final class ShortestDigits {

    private static final int Q_MIN = -1074;
    private static final long C_MIN = 1L << 52;
    private static final int C_TINY = 3;
    private static final int K_MIN = -324;
    private static final int K_MAX = 292;
    private static final long MASK_63 = (1L << 63) - 1;

    /** floor(10^-k 2^-r) + 1 split into its high and low 63 bits, r = flog2pow10(-k) - 125. */
    private static final long[] G = table();

    /** The significand's decimal digits: {@code value = digits × 10^exponent}, trailing zeros removed. */
    long digits;
    int exponent;

    /**
     * Computes the digits of a finite, strictly positive double.
     *
     * @return this
     */
    ShortestDigits of(double v) {
        long bits = Double.doubleToRawLongBits(v);
        long t = bits & (C_MIN - 1);
        int bq = (int) (bits >>> 52) & 0x7ff;
        if (bq != 0) {
            int mq = -Q_MIN + 1 - bq;
            long c = C_MIN | t;
            // Integers below 2^53 are their own shortest digits.
            if (0 < mq && mq < 53) {
                long f = c >> mq;
                if (f << mq == c) {
                    return set(f, 0);
                }
            }
            return toDecimal(-mq, c, 0);
        }
        // The two smallest subnormals are below the algorithm's precision; their shortest forms
        // (Go's, unlike Java's two-digit 4.9E-324) are known.
        if (t < C_TINY) {
            return t == 1 ? set(5, -324) : set(1, -323);
        }
        return toDecimal(Q_MIN, t, 0);
    }

    private ShortestDigits toDecimal(int q, long c, int dk) {
        int out = (int) c & 1;
        long cb = c << 2;
        long cbr = cb + 2;
        long cbl;
        int k;
        if (c != C_MIN || q == Q_MIN) {
            cbl = cb - 2;
            k = flog10pow2(q);
        } else {
            cbl = cb - 1;
            k = flog10threeQuartersPow2(q);
        }
        int h = q + flog2pow10(-k) + 2;
        int index = 2 * (k - K_MIN);
        long g1 = G[index];
        long g0 = G[index + 1];
        long vb = rop(g1, g0, cb << h);
        long vbl = rop(g1, g0, cbl << h);
        long vbr = rop(g1, g0, cbr << h);
        long s = vb >> 2;
        if (s >= 100) {
            // One digit fewer: s rounded down and up to a multiple of 10.
            long sp10 = 10 * Math.multiplyHigh(s, 115_292_150_460_684_698L << 4);
            long tp10 = sp10 + 10;
            boolean upin = vbl + out <= sp10 << 2;
            boolean wpin = (tp10 << 2) + out <= vbr;
            if (upin != wpin) {
                return set(upin ? sp10 : tp10, k);
            }
        }
        long tt = s + 1;
        boolean uin = vbl + out <= s << 2;
        boolean win = (tt << 2) + out <= vbr;
        if (uin != win) {
            return set(uin ? s : tt, k + dk);
        }
        long cmp = vb - (s + tt << 1);
        return set(cmp < 0 || cmp == 0 && (s & 1) == 0 ? s : tt, k + dk);
    }

    private ShortestDigits set(long f, int e) {
        while (f != 0 && f % 10 == 0) {
            f /= 10;
            e++;
        }
        digits = f;
        exponent = e;
        return this;
    }

    // The rounded-odd product of the 126-bit g = g1·2^63 + g0 and cp, shifted right by 127 bits.
    private static long rop(long g1, long g0, long cp) {
        long x1 = Math.multiplyHigh(g0, cp);
        long y0 = g1 * cp;
        long y1 = Math.multiplyHigh(g1, cp);
        long z = (y0 >>> 1) + x1;
        long vbp = y1 + (z >>> 63);
        return vbp | (z & MASK_63) + MASK_63 >>> 63;
    }

    /** floor(q · log10(2)). */
    private static int flog10pow2(int q) {
        return (int) (q * 661_971_961_083L >> 41);
    }

    /** floor(log10(3/4 · 2^q)). */
    private static int flog10threeQuartersPow2(int q) {
        return (int) (q * 661_971_961_083L + -274_743_187_321L >> 41);
    }

    /** floor(e · log2(10)). */
    private static int flog2pow10(int e) {
        return (int) (e * 913_124_641_741L >> 38);
    }

    private static long[] table() {
        long[] g = new long[2 * (K_MAX - K_MIN + 1)];
        BigInteger mask = BigInteger.ONE.shiftLeft(63).subtract(BigInteger.ONE);
        for (int k = K_MIN; k <= K_MAX; k++) {
            int r = flog2pow10(-k) - 125;
            BigInteger value;
            if (k <= 0) {
                BigInteger p = BigInteger.TEN.pow(-k);
                value = r <= 0 ? p.shiftLeft(-r) : p.shiftRight(r);
            } else {
                // 10^-k · 2^-r with r < 0 here: 2^-r / 10^k, rounded down.
                value = BigInteger.ONE.shiftLeft(-r).divide(BigInteger.TEN.pow(k));
            }
            value = value.add(BigInteger.ONE);
            int i = 2 * (k - K_MIN);
            g[i] = value.shiftRight(63).longValueExact();
            g[i + 1] = value.and(mask).longValue();
        }
        return g;
    }
}
