package io.epimetheus.api.model;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Arrays;

/**
 * Formats doubles exactly as Prometheus (Go's {@code strconv.FormatFloat} with the shortest
 * round-tripping digits) does: {@link #appendG} is the {@code 'g'} form of exposition formats and
 * label values ({@code 1e+06}, {@code 0.001}), {@link #appendF} the {@code 'f'} form of API JSON
 * sample values ({@code 1000000}). Infinities and NaN print as {@code +Inf}, {@code -Inf},
 * {@code NaN}. Thread-safe; allocation-free for values whose digits the JDK already prints
 * shortest (always from Java 19 on; up to 15 digits before).
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

    // Double.toString prints the shortest round-tripping digits from Java 19 on (JDK-4511638).
    // Before, it sometimes prints too many digits, or a wrong last digit for subnormals: then the
    // digits are verified and shortened.
    private static final boolean JDK_SHORTEST = Runtime.version().feature() >= 19;
    private static final int TRUSTED_DIGITS = 15;

    private static final ThreadLocal<Digits> DIGITS = ThreadLocal.withInitial(Digits::new);

    /** Decimal digits d1 d2 ... dn with the value 0.d1d2...dn × 10^dp. */
    private static final class Digits {
        final char[] buf = new char[32];
        int nd;
        int dp;
        boolean negative;

        Digits of(double v) {
            negative = v < 0;
            String s = Double.toString(Math.abs(v));
            parse(s);
            double a = Math.abs(v);
            if (!JDK_SHORTEST && (nd > TRUSTED_DIGITS || a < Double.MIN_NORMAL)) {
                shorten(a);
            }
            return this;
        }

        private void parse(CharSequence s) {
            nd = 0;
            int pointPos = -1;
            int exp = 0;
            int i = 0;
            int n = s.length();
            int digitsBeforePoint = 0;
            boolean leading = true;
            int leadingZerosAfterPoint = 0;
            for (; i < n; i++) {
                char c = s.charAt(i);
                if (c == '.') {
                    pointPos = i;
                } else if (c == 'E' || c == 'e') {
                    exp = Integer.parseInt(s, i + 1, n, 10);
                    break;
                } else {
                    if (leading && c == '0') {
                        if (pointPos >= 0) {
                            leadingZerosAfterPoint++;
                        }
                        continue;
                    }
                    leading = false;
                    buf[nd++] = c;
                    if (pointPos < 0) {
                        digitsBeforePoint++;
                    }
                }
            }
            while (nd > 0 && buf[nd - 1] == '0') {
                nd--;
            }
            dp = (digitsBeforePoint > 0 ? digitsBeforePoint : -leadingZerosAfterPoint) + exp;
        }

        // Java 17's digits read back as the same double but may be longer than needed: drop the
        // last digit while the shorter prefix, rounded down or up, still reads back as v.
        private void shorten(double v) {
            int original = nd;
            while (nd > 1) {
                int p = nd - 1;
                boolean down = readsBack(p, false, v);
                boolean up = readsBack(p, true, v);
                if (!down && !up) {
                    if (nd == original && nd >= 16) {
                        // Nothing shorter exists, but Java 17 may also misround its last digit:
                        // take the correctly rounded digits at that length.
                        parse(new BigDecimal(v).round(new MathContext(nd, RoundingMode.HALF_EVEN)).toString());
                    }
                    return;
                }
                boolean roundUp = up && (!down || closerUp(p, v));
                nd = p;
                if (roundUp) {
                    incrementLast();
                }
                while (nd > 1 && buf[nd - 1] == '0') {
                    nd--;
                }
            }
        }

        // Whether the exact value of v is nearer to the rounded-up prefix than the rounded-down one.
        // The dropped digit decides, except a lone 5: the JDK's own last digit is rounded, so the
        // exact value must be compared with the midpoint (ties to even, as Go does).
        private boolean closerUp(int p, double v) {
            if (buf[p] != '5' || nd != p + 1) {
                return buf[p] >= '5';
            }
            int c = new BigDecimal(v).compareTo(new BigDecimal("0." + new String(buf, 0, nd) + "E" + dp));
            return c > 0 || (c == 0 && (buf[p - 1] - '0') % 2 == 1);
        }

        private boolean readsBack(int p, boolean up, double v) {
            char[] saved = Arrays.copyOf(buf, p);
            int savedNd = nd;
            int savedDp = dp;
            nd = p;
            if (up) {
                incrementLast();
            }
            String candidate = "0." + new String(buf, 0, nd) + "E" + dp;
            System.arraycopy(saved, 0, buf, 0, p);
            nd = savedNd;
            dp = savedDp;
            return Double.parseDouble(candidate) == v;
        }

        // Adds one unit in the last place of buf[0..nd), carrying; 999 becomes 1 with dp + 1.
        private void incrementLast() {
            int i = nd - 1;
            while (i >= 0 && buf[i] == '9') {
                buf[i--] = '0';
            }
            if (i >= 0) {
                buf[i]++;
            } else {
                buf[0] = '1';
                nd = 1;
                dp++;
            }
        }
    }
}
