package io.epimetheus.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FloatFormatTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|0|0",
        "1|1|1",
        "-1|-1|-1",
        "0.5|0.5|0.5",
        "100000|100000|100000",
        "1000000|1e+06|1000000",
        "1503966720|1.50396672e+09|1503966720",
        "123456789|1.23456789e+08|123456789",
        "0.0001|0.0001|0.0001",
        "0.00001|1e-05|0.00001",
        "1.5e-7|1.5e-07|0.00000015",
        "1e21|1e+21|1000000000000000000000",
        "1e100|1e+100|10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
        "0.1|0.1|0.1",
        "0.30000000000000004|0.30000000000000004|0.30000000000000004",
        "5e-324|5e-324|0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000005",
        "1.7976931348623157e308|1.7976931348623157e+308|179769313486231570000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
        "2.82879384806159e17|2.82879384806159e+17|282879384806159000",
        "1e23|1e+23|100000000000000000000000",
    })
    void formatsLikeGo(double v, String g, String f) {
        assertEquals(g, FloatFormat.formatG(v));
        assertEquals(f, FloatFormat.formatF(v));
    }

    @Test
    void specials() {
        assertEquals("NaN", FloatFormat.formatG(Double.NaN));
        assertEquals("+Inf", FloatFormat.formatF(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", FloatFormat.formatG(Double.NEGATIVE_INFINITY));
        assertEquals("-0", FloatFormat.formatF(-0.0));
    }

    /** The shortest digits by definition: the first precision whose correct rounding reads back. */
    private static String shortestReference(double v) {
        BigDecimal exact = new BigDecimal(v);
        for (int p = 1; p <= 17; p++) {
            BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (r.doubleValue() == v) {
                return r.unscaledValue().abs().toString().replaceAll("0+$", "") + "@" + (r.precision() - r.scale());
            }
        }
        throw new AssertionError("no 17-digit rounding of " + v + " reads back");
    }

    /** The digits and decimal exponent of formatG's output, in the reference's notation. */
    private static String digitsOf(String g) {
        BigDecimal d = new BigDecimal(g).abs().stripTrailingZeros();
        return d.unscaledValue().toString() + "@" + (d.precision() - d.scale());
    }

    @Test
    void printsTheShortestDigitsForRandomValues() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            double v = i % 2 == 0 ? Double.longBitsToDouble(r.nextLong())
                    : r.nextDouble() * Math.pow(10, r.nextInt(-30, 30));
            if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) {
                continue;
            }
            assertEquals(shortestReference(v), digitsOf(FloatFormat.formatG(v)), "digits of " + v);
        }
        for (double v : new double[] {Double.MIN_VALUE, 2 * Double.MIN_VALUE, Double.MIN_NORMAL, 1e23, 8.41e21,
                2.82879384806159e17, 9007199254740993.0, 0.1 + 0.2}) {
            assertEquals(shortestReference(v), digitsOf(FloatFormat.formatG(v)), "digits of " + v);
        }
    }

    @Test
    void roundTripsRandomValues() {
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            double v = Double.longBitsToDouble(r.nextLong());
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                continue;
            }
            assertEquals(v, Double.parseDouble(FloatFormat.formatG(v)), () -> "g of " + v);
            assertEquals(v, Double.parseDouble(FloatFormat.formatF(v)), () -> "f of " + v);
        }
    }
}
