package io.epimetheus.expfmt.text;

import io.epimetheus.api.model.FloatFormat;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Parses a float from bytes exactly as Prometheus does: Go's {@code strconv.ParseFloat} (decimal
 * notation, {@code inf}/{@code infinity}/{@code nan} in any case, a sign before infinities only,
 * correctly rounded, overflow to ±Inf an error) after rejecting {@code p}, {@code P} and {@code _}
 * ("unsupported character in float"), which keeps hex floats and digit separators out.
 *
 * <p>Conversion is allocation-free: an exact path for short mantissas, then the Eisel-Lemire
 * algorithm with 128-bit powers of ten; only numbers beyond 19 significant digits that those
 * cannot settle fall back to {@link Double#parseDouble}. Not thread-safe (holds the status).
 */
public final class GoFloat {

    /** Prometheus's canonical NaN ({@code value.NormalNaN}): a scraped NaN never carries other bits. */
    public static final double NORMAL_NAN = Double.longBitsToDouble(0x7ff8000000000001L);

    static final int OK = 0;
    /** Not a number in Go's syntax. */
    static final int SYNTAX = 1;
    /** Magnitude too large for a double. */
    static final int RANGE = 2;
    /** Contains {@code p}, {@code P} or {@code _}. */
    static final int UNSUPPORTED = 3;

    private static final int MIN_EXP10 = -348;
    private static final int MAX_EXP10 = 347;
    // 128-bit mantissas of 10^q, q in [MIN_EXP10, MAX_EXP10], normalised and truncated.
    private static final long[] POW10_HI = new long[MAX_EXP10 - MIN_EXP10 + 1];
    private static final long[] POW10_LO = new long[MAX_EXP10 - MIN_EXP10 + 1];
    private static final double[] EXACT_POW10 = new double[23];

    static {
        BigInteger ten = BigInteger.TEN;
        for (int q = MIN_EXP10; q <= MAX_EXP10; q++) {
            BigInteger m;
            if (q >= 0) {
                BigInteger v = ten.pow(q);
                int bits = v.bitLength();
                m = bits > 128 ? v.shiftRight(bits - 128) : v.shiftLeft(128 - bits);
            } else {
                BigInteger d = ten.pow(-q);
                // 2^(L-1) <= d < 2^L, so 2^(127+L)/d has exactly 128 bits.
                m = BigInteger.ONE.shiftLeft(127 + d.bitLength()).divide(d);
            }
            POW10_HI[q - MIN_EXP10] = m.shiftRight(64).longValue();
            POW10_LO[q - MIN_EXP10] = m.longValue();
        }
        double p = 1;
        for (int i = 0; i < EXACT_POW10.length; i++) {
            EXACT_POW10[i] = p;
            p *= 10;
        }
    }

    /** The outcome of the last {@link #parse}: {@link #OK} or an error kind. */
    int status;

    /** Parses {@code b[from, to)}; on error sets {@link #status} and returns an unspecified value. */
    double parse(byte[] b, int from, int to) {
        status = OK;
        int i = from;
        if (i >= to) {
            return fail(b, i, to);
        }
        boolean neg = false;
        boolean signed = false;
        byte c = b[i];
        if (c == '+' || c == '-') {
            neg = c == '-';
            signed = true;
            if (++i >= to) {
                return fail(b, i, to);
            }
            c = b[i];
        }
        if (c == 'i' || c == 'I' || ((c == 'n' || c == 'N') && !signed)) {
            return special(b, i, to, neg);
        }

        long mantissa = 0; // unsigned
        int nd = 0;
        int ndMant = 0;
        int dp = 0;
        boolean sawDot = false;
        boolean sawDigits = false;
        boolean truncated = false;
        for (; i < to; i++) {
            c = b[i];
            if (c == '.') {
                if (sawDot) {
                    break;
                }
                sawDot = true;
                dp = nd;
            } else if (c >= '0' && c <= '9') {
                sawDigits = true;
                if (c == '0' && nd == 0) {
                    dp--; // leading zero
                    continue;
                }
                nd++;
                if (ndMant < 19) {
                    mantissa = mantissa * 10 + (c - '0');
                    ndMant++;
                } else if (c != '0') {
                    truncated = true;
                }
            } else {
                break;
            }
        }
        if (!sawDigits) {
            return fail(b, i, to);
        }
        if (!sawDot) {
            dp = nd;
        }
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            if (++i >= to) {
                return fail(b, i, to);
            }
            int esign = 1;
            if (b[i] == '+') {
                i++;
            } else if (b[i] == '-') {
                i++;
                esign = -1;
            }
            if (i >= to || b[i] < '0' || b[i] > '9') {
                return fail(b, i, to);
            }
            int e = 0;
            for (; i < to && b[i] >= '0' && b[i] <= '9'; i++) {
                if (e < 10000) {
                    e = e * 10 + (b[i] - '0');
                }
            }
            dp += e * esign;
        }
        if (i != to) {
            return fail(b, i, to);
        }
        if (mantissa == 0) {
            return neg ? -0.0 : 0.0;
        }
        int exp10 = dp - ndMant;
        double f = truncated ? Double.NaN : exact(mantissa, exp10);
        if (Double.isNaN(f)) {
            f = eiselLemire(mantissa, exp10);
            // Digits were dropped: the result stands only if the next mantissa up rounds the same.
            if (truncated && !Double.isNaN(f) && eiselLemire(mantissa + 1, exp10) != f) {
                f = Double.NaN;
            }
        }
        if (Double.isNaN(f)) {
            f = Math.abs(Double.parseDouble(new String(b, from, to - from, StandardCharsets.ISO_8859_1)));
        }
        if (Double.isInfinite(f)) {
            status = RANGE;
        }
        return neg ? -f : f;
    }

    // Go's special(): "inf", "infinity" (optionally signed) and "nan", case-insensitively.
    private double special(byte[] b, int i, int to, boolean neg) {
        int n = to - i;
        if (matchesIgnoreCase(b, i, to, "infinity") || matchesIgnoreCase(b, i, to, "inf")) {
            return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (n == 3 && matchesIgnoreCase(b, i, to, "nan")) {
            return Double.NaN;
        }
        return fail(b, i, to);
    }

    private static boolean matchesIgnoreCase(byte[] b, int i, int to, String word) {
        if (to - i != word.length()) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if ((b[i + k] | 0x20) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    // The characters Prometheus rejects up front decide the error kind wherever they are.
    private double fail(byte[] b, int i, int to) {
        status = SYNTAX;
        for (int k = i; k < to; k++) {
            byte c = b[k];
            if (c == 'p' || c == 'P' || c == '_') {
                status = UNSUPPORTED;
                break;
            }
        }
        return 0;
    }

    /**
     * Go's exact path: a mantissa below 2^52 times an exactly representable power of ten rounds
     * once, so it is correctly rounded. NaN when it does not apply.
     */
    private static double exact(long mantissa, int exp10) {
        if (mantissa >>> 52 != 0) {
            return Double.NaN;
        }
        double f = mantissa;
        if (exp10 == 0) {
            return f;
        }
        if (exp10 < 0) {
            return exp10 >= -22 ? f / EXACT_POW10[-exp10] : Double.NaN;
        }
        if (exp10 > 22 + 15) {
            return Double.NaN;
        }
        if (exp10 > 22) {
            f *= EXACT_POW10[exp10 - 22];
            exp10 = 22;
            if (f > 1e15) {
                return Double.NaN;
            }
        }
        return f * EXACT_POW10[exp10];
    }

    /**
     * The Eisel-Lemire conversion of the positive {@code mantissa} (unsigned) times 10^{@code
     * exp10}, or NaN when it cannot decide (halfway cases, subnormals, overflow, huge exponents).
     */
    private static double eiselLemire(long mantissa, int exp10) {
        if (exp10 < MIN_EXP10 || exp10 > MAX_EXP10) {
            return Double.NaN;
        }
        int clz = Long.numberOfLeadingZeros(mantissa);
        long man = mantissa << clz;
        long exp2 = ((217706L * exp10) >> 16) + 64 + 1023 - clz;
        int idx = exp10 - MIN_EXP10;
        long xHi = unsignedMultiplyHigh(man, POW10_HI[idx]);
        long xLo = man * POW10_HI[idx];
        if ((xHi & 0x1FF) == 0x1FF && Long.compareUnsigned(xLo + man, man) < 0) {
            // The truncated 64-bit power may be off: widen with its low half.
            long yHi = unsignedMultiplyHigh(man, POW10_LO[idx]);
            long yLo = man * POW10_LO[idx];
            long mergedHi = xHi;
            long mergedLo = xLo + yHi;
            if (Long.compareUnsigned(mergedLo, xLo) < 0) {
                mergedHi++;
            }
            if ((mergedHi & 0x1FF) == 0x1FF && mergedLo + 1 == 0 && Long.compareUnsigned(yLo + man, man) < 0) {
                return Double.NaN;
            }
            xHi = mergedHi;
            xLo = mergedLo;
        }
        long msb = xHi >>> 63;
        long m = xHi >>> (msb + 9);
        exp2 -= 1 ^ msb;
        if (xLo == 0 && (xHi & 0x1FF) == 0 && (m & 3) == 1) {
            return Double.NaN; // exactly halfway: round-half-even needs the exact value
        }
        m += m & 1;
        m >>>= 1;
        if (m >>> 53 != 0) {
            m >>>= 1;
            exp2++;
        }
        if (exp2 <= 0 || exp2 >= 0x7FF) {
            return Double.NaN;
        }
        return Double.longBitsToDouble((exp2 << 52) | (m & 0x000F_FFFF_FFFF_FFFFL));
    }

    private static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /** For tests: the 128-bit power-of-ten mantissa of 10^q as {hi, lo}. */
    static long[] pow10Mantissa(int q) {
        return new long[] {POW10_HI[q - MIN_EXP10], POW10_LO[q - MIN_EXP10]};
    }

    /**
     * Prometheus's {@code labels.FormatOpenMetricsFloat}, the canonical form of {@code le} and
     * {@code quantile} label values: Go's shortest {@code 'g'} form with {@code .0} added when it
     * has neither a point nor an exponent ({@code 1.0}, {@code 0.005}, {@code 1e+06}, {@code +Inf}).
     */
    public static String formatOpenMetrics(double f) {
        if (Double.isNaN(f)) {
            return "NaN";
        }
        if (Double.isInfinite(f)) {
            return f > 0 ? "+Inf" : "-Inf";
        }
        String g = FloatFormat.formatG(f);
        return g.indexOf('.') >= 0 || g.indexOf('e') >= 0 ? g : g + ".0";
    }
}
