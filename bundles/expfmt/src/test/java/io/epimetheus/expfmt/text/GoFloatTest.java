package io.epimetheus.expfmt.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GoFloatTest {

    private final GoFloat f = new GoFloat();

    private double parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return f.parse(b, 0, b.length);
    }

    private void assertParses(String s, double expected) {
        double v = parse(s);
        assertEquals(GoFloat.OK, f.status, s);
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(v), s);
    }

    private void assertStatus(String s, int status) {
        parse(s);
        assertEquals(status, f.status, s);
    }

    @Test
    void acceptsGoSyntax() {
        assertParses("1", 1);
        assertParses("+1", 1);
        assertParses("-1.5", -1.5);
        assertParses("1.", 1);
        assertParses(".5", 0.5);
        assertParses("1e5", 1e5);
        assertParses("1E+05", 1e5);
        assertParses("2.5e-3", 2.5e-3);
        assertParses("0000000000000000000000000000000000000000001.2e-1", 0.12);
        assertParses("-0", -0.0);
        assertParses("0e999999", 0);
        assertParses("1e-400", 0);
        assertParses("4.9351e-05", 4.9351e-05);
        assertParses("7.424100000000001e-05", 7.424100000000001e-05);
        assertParses("9223372036854775808", 9223372036854775808.0);
        assertParses("12345678901234567890.1234567890", 12345678901234567890.1234567890);
        assertParses("inf", Double.POSITIVE_INFINITY);
        assertParses("+Inf", Double.POSITIVE_INFINITY);
        assertParses("-INFINITY", Double.NEGATIVE_INFINITY);
        assertParses("Infinity", Double.POSITIVE_INFINITY);
        assertEquals(true, Double.isNaN(parse("NaN")));
        assertEquals(true, Double.isNaN(parse("nan")));
        assertEquals(GoFloat.OK, f.status);
    }

    @Test
    void rejectsWhatGoAndPrometheusReject() {
        for (String s : new String[] {"", "+", "-", ".", "e5", "1e", "1e+", "1..2", "1.1.1", "+nan", "-NaN", "infin",
            "infx", "0x1", "0X1", "0b1", "0o1", "1z", "true", "1\t2", " 1", "1 ", "--1", "1e5.5", "0x"}) {
            assertStatus(s, GoFloat.SYNTAX);
        }
        for (String s : new String[] {"1_2", "0x1p-3", "0x1P-3", "1p", "_", "z_"}) {
            assertStatus(s, GoFloat.UNSUPPORTED);
        }
        assertStatus("1e400", GoFloat.RANGE);
        assertStatus("-1.8e308", GoFloat.RANGE);
        assertStatus("179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792", GoFloat.RANGE);
    }

    /** Every conversion must agree bit for bit with the JDK's correctly rounded parser. */
    @Test
    void convertsExactlyLikeTheJdk() {
        SplittableRandom rnd = new SplittableRandom(7);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 300_000; i++) {
            sb.setLength(0);
            switch (i % 5) {
                case 0 -> sb.append(Double.toString(Double.longBitsToDouble(rnd.nextLong() & 0x7FFF_FFFF_FFFF_FFFFL)));
                case 1 -> sb.append(rnd.nextLong(0, Long.MAX_VALUE)).append('e').append(rnd.nextInt(-340, 310));
                case 2 -> {
                    int digits = rnd.nextInt(1, 40);
                    for (int d = 0; d < digits; d++) {
                        sb.append((char) ('0' + rnd.nextInt(10)));
                    }
                    sb.insert(rnd.nextInt(sb.length() + 1), '.');
                    sb.append('e').append(rnd.nextInt(-330, 330));
                }
                case 3 -> sb.append(rnd.nextInt(0, 100_000_000)).append('.').append(rnd.nextInt(0, 1000));
                default -> {
                    // Halfway between two doubles: the exact decimal of an odd multiple of half an ulp.
                    double d = Double.longBitsToDouble(rnd.nextLong(0x0010_0000_0000_0000L, 0x7FE0_0000_0000_0000L));
                    sb.append(new java.math.BigDecimal(d).add(new java.math.BigDecimal(Math.ulp(d) / 2)).toPlainString());
                }
            }
            String s = sb.toString();
            if (s.equals(".")) {
                continue;
            }
            double expected = Double.parseDouble(s);
            double got = parse(s);
            if (Double.isInfinite(expected)) {
                assertEquals(GoFloat.RANGE, f.status, s);
            } else {
                assertEquals(GoFloat.OK, f.status, s);
            }
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(got), s);
        }
    }

    @Test
    void powersOfTenMatchGosTable() {
        // Entries of Go's strconv detailedPowersOfTen ({lo, hi} there).
        assertArrayEquals(new long[] {0xFA8FD5A0081C0288L, 0x1732C869CD60E453L}, GoFloat.pow10Mantissa(-348));
        assertArrayEquals(new long[] {0xA3D70A3D70A3D70AL, 0x3D70A3D70A3D70A3L}, GoFloat.pow10Mantissa(-2));
        assertArrayEquals(new long[] {0xCCCCCCCCCCCCCCCCL, 0xCCCCCCCCCCCCCCCCL}, GoFloat.pow10Mantissa(-1));
        assertArrayEquals(new long[] {0x8000000000000000L, 0L}, GoFloat.pow10Mantissa(0));
        assertArrayEquals(new long[] {0xD13EB46469447567L, 0x4B7195F2D2D1A9FBL}, GoFloat.pow10Mantissa(347));
    }
}
