package io.epimetheus.api.model;

/**
 * Formats doubles exactly as Prometheus (Go's {@code strconv.FormatFloat} with the shortest
 * round-tripping digits) does: {@link #appendG} is the {@code 'g'} form of exposition formats and
 * label values ({@code 1e+06}, {@code 0.001}), {@link #appendF} the {@code 'f'} form of API JSON
 * sample values ({@code 1000000}). Infinities and NaN print as {@code +Inf}, {@code -Inf},
 * {@code NaN}. Thread-safe and allocation-free: the digits come from {@link ShortestDigits}
 * (Schubfach), not from {@code Double.toString}, so they are the same on every JDK.
 */
public final class FloatFormat {

    private FloatFormat() {
    }

    /** Go's {@code FormatFloat(v, 'g', -1, 64)}. */
    public static String formatG(double v) {
        StringBuilder sb = new StringBuilder(24);
        appendG(sb, v);
        return sb.toString();
    }

    /** Go's {@code FormatFloat(v, 'f', -1, 64)}. */
    public static String formatF(double v) {
        StringBuilder sb = new StringBuilder(24);
        appendF(sb, v);
        return sb.toString();
    }

    /** Appends Go's {@code FormatFloat(v, 'g', -1, 64)}. */
    public static void appendG(StringBuilder sb, double v) {
        if (special(sb, v)) {
            return;
        }
        Digits d = DIGITS.get().of(v);
        if (d.negative) {
            sb.append('-');
        }
        int exp = d.dp - 1;
        // Go's shortest 'g' switches to the exponent form below 1e-4 and from 1e6 up.
        if (exp < -4 || exp >= 6) {
            sb.append(d.buf, 0, 1);
            if (d.nd > 1) {
                sb.append('.').append(d.buf, 1, d.nd - 1);
            }
            sb.append('e').append(exp < 0 ? '-' : '+');
            int e = Math.abs(exp);
            if (e < 10) {
                sb.append('0');
            }
            sb.append(e);
        } else {
            plain(sb, d);
        }
    }

    /** Appends Go's {@code FormatFloat(v, 'f', -1, 64)}. */
    public static void appendF(StringBuilder sb, double v) {
        if (special(sb, v)) {
            return;
        }
        Digits d = DIGITS.get().of(v);
        if (d.negative) {
            sb.append('-');
        }
        plain(sb, d);
    }

    private static boolean special(StringBuilder sb, double v) {
        if (Double.isNaN(v)) {
            sb.append("NaN");
            return true;
        }
        if (v == Double.POSITIVE_INFINITY) {
            sb.append("+Inf");
            return true;
        }
        if (v == Double.NEGATIVE_INFINITY) {
            sb.append("-Inf");
            return true;
        }
        if (v == 0) {
            sb.append((Double.doubleToRawLongBits(v) < 0) ? "-0" : "0");
            return true;
        }
        return false;
    }

    private static void plain(StringBuilder sb, Digits d) {
        if (d.dp <= 0) {
            sb.append("0.");
            for (int i = d.dp; i < 0; i++) {
                sb.append('0');
            }
            sb.append(d.buf, 0, d.nd);
        } else if (d.dp >= d.nd) {
            sb.append(d.buf, 0, d.nd);
            for (int i = d.nd; i < d.dp; i++) {
                sb.append('0');
            }
        } else {
            sb.append(d.buf, 0, d.dp).append('.').append(d.buf, d.dp, d.nd - d.dp);
        }
    }

    private static final ThreadLocal<Digits> DIGITS = ThreadLocal.withInitial(Digits::new);

    /** Decimal digits d1 d2 ... dn with the value 0.d1d2...dn × 10^dp. */
    private static final class Digits {
        final char[] buf = new char[32];
        final ShortestDigits shortest = new ShortestDigits();
        int nd;
        int dp;
        boolean negative;

        // Shortest round-tripping digits by Schubfach: the same on every JDK (Java 17's
        // Double.toString may print a digit too many or misround the last one), without allocation.
        Digits of(double v) {
            negative = v < 0;
            shortest.of(Math.abs(v));
            long f = shortest.digits;
            int n = 0;
            for (long x = f; x > 0; x /= 10) {
                n++;
            }
            for (int i = n - 1; i >= 0; i--) {
                buf[i] = (char) ('0' + f % 10);
                f /= 10;
            }
            nd = n;
            dp = n + shortest.exponent;
            return this;
        }
    }
}
