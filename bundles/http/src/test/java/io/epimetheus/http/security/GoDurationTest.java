package io.epimetheus.http.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Go's time.ParseDuration cases (its own test table), values and error wording. */
class GoDurationTest {

    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;
    private static final long M = 60 * S;
    private static final long H = 60 * M;

    private static void ok(long want, String text) {
        assertEquals(want, GoDuration.parse(text), text);
    }

    private static String error(String text) {
        return assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text), text).getMessage();
    }

    @Test
    void valid() {
        ok(0, "0");
        ok(0, "-0");
        ok(0, "+0");
        ok(5 * S, "5s");
        ok(1478 * S, "1478s");
        ok(-5 * S, "-5s");
        ok(5 * S, "+5s");
        ok(5 * S, "5.0s");
        ok(5 * S + 600 * MS, "5.6s");
        ok(5 * S, "5.s");
        ok(500 * MS, ".5s");
        ok(1004 * MS, "1.0040s");
        ok(100 * S + 1 * MS, "100.00100s");
        ok(1500 * MS, "1.5s");
        ok(90 * S, "1m30s");
        ok(10, "10ns");
        ok(11 * US, "11us");
        ok(12 * US, "12\u00b5s");
        ok(12 * US, "12\u03bcs");
        ok(13 * MS, "13ms");
        ok(15 * M, "15m");
        ok(16 * H, "16h");
        ok(3 * H + 30 * M, "3h30m");
        ok(4 * M + 10 * S + 500 * MS, "10.5s4m");
        ok(-(2 * M + 3 * S + 400 * MS), "-2m3.4s");
        ok(H + 2 * M + 3 * S + 4 * MS + 5 * US + 6, "1h2m3s4ms5us6ns");
        ok(39 * H + 9 * M + 14 * S + 425 * MS, "39h9m14.425s");
        ok(52763797000L, "52763797000ns");
        ok(20 * M, "0.3333333333333333333h");
        ok((1L << 53) + 1, "9007199254740993ns");
        ok(Long.MAX_VALUE, "9223372036854775807ns");
        ok(Long.MAX_VALUE, "9223372036854775.807us");
        ok(Long.MAX_VALUE, "9223372036s854ms775us807ns");
        ok(Long.MIN_VALUE, "-9223372036854775808ns");
        ok(Long.MIN_VALUE, "-9223372036854775.808us");
        ok(Long.MIN_VALUE, "-2562047h47m16.854775808s");
        ok(6 * M, "0.100000000000000000000h");
        ok(49 * M + 48 * S + 372539827, "0.830103483285477580700h");
    }

    @Test
    void invalidWithGoWording() {
        assertEquals("time: invalid duration \"x\"", error("x"));
        assertEquals("time: unknown unit \"d\" in duration \"1d\"", error("1d"));
        assertEquals("time: missing unit in duration \"1\"", error("1"));
        assertEquals("time: invalid duration \"\"", error(""));
        assertEquals("time: invalid duration \"-\"", error("-"));
        assertEquals("time: invalid duration \"s\"", error("s"));
        assertEquals("time: invalid duration \".\"", error("."));
        assertEquals("time: invalid duration \"-.\"", error("-."));
        assertEquals("time: invalid duration \".s\"", error(".s"));
        assertEquals("time: invalid duration \"+.s\"", error("+.s"));
        // Everything up to the next digit or dot is the unit, a trailing space included.
        assertEquals("time: unknown unit \"s \" in duration \"1s \"", error("1s "));
        assertEquals("time: invalid duration \"9223372036854775808ns\"", error("9223372036854775808ns"));
        assertEquals("time: invalid duration \"9223372036854775.808us\"", error("9223372036854775.808us"));
        assertEquals("time: invalid duration \"9223372036s854ms775us808ns\"", error("9223372036s854ms775us808ns"));
        assertEquals("time: invalid duration \"-9223372036854775809ns\"", error("-9223372036854775809ns"));
        assertEquals("time: invalid duration \"3000000h\"", error("3000000h"));
        assertEquals("time: unknown unit \"\\xc2\\xb5\" in duration \"1\\xc2\\xb5\"", error("1\u00b5"));
        assertEquals("time: invalid duration \"\\\"1s\\\"\"", error("\"1s\""));
    }
}
