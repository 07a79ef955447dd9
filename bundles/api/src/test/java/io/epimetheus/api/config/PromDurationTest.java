package io.epimetheus.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Prometheus's {@code model.ParseDuration} and {@code Duration.String}, cases from its tests. */
class PromDurationTest {

    private static final long S = 1_000;
    private static final long M = 60 * S;
    private static final long H = 60 * M;
    private static final long D = 24 * H;
    private static final long W = 7 * D;
    private static final long Y = 365 * D;

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(value = {
        // input, millis, printed back ('' when the input itself)
        "0, 0, 0s",
        "0w, 0, 0s",
        "0s, 0, ''",
        "324ms, 324, ''",
        "3s, 3000, ''",
        "5m, 300000, ''",
        "1h, 3600000, ''",
        "4d, 345600000, ''",
        "4d1h, 349200000, ''",
        "14d, 1209600000, 2w",
        "3w, 1814400000, ''",
        "3w2d1h, 1990800000, 23d1h",
        "10y, 315360000000, ''",
        "1h30m, 5400000, ''",
        "90m, 5400000, 1h30m",
        "1y1w1d1h1m1s1ms, 32230861001, 373d1h1m1s1ms",
        "0y0w0d0h0m0s0ms, 0, 0s",
        "007s, 7000, 7s",
    }, emptyValue = "")
    void parsesAndPrints(String in, long millis, String printed) {
        assertEquals(millis, PromDuration.parse(in));
        assertEquals(printed.isEmpty() ? in : printed, PromDuration.format(millis));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "''               | empty duration string",
        "1                | not a valid duration string: \"1\"",
        "1y1m1d           | not a valid duration string: \"1y1m1d\"",
        "1.5d             | unknown unit \".\" in duration \"1.5d\"",
        "d                | not a valid duration string: \"d\"",
        "1s1h             | not a valid duration string: \"1s1h\"",
        "1h1h             | not a valid duration string: \"1h1h\"",
        "-1s              | not a valid duration string: \"-1s\"",
        "' 1s'            | not a valid duration string: \" 1s\"",
        "1s               | ''",
        "5x               | unknown unit \"x\" in duration \"5x\"",
        "1 s              | unknown unit \" s\" in duration \"1 s\"",
        "1sec             | unknown unit \"sec\" in duration \"1sec\"",
        "1S               | unknown unit \"S\" in duration \"1S\"",
        "18446744073709551616s | not a valid duration string: \"18446744073709551616s\"",
        "294y             | duration out of range",
        "200y10400w       | duration out of range",
        "107675d          | duration out of range",
        "2584200h         | duration out of range",
        "9223372036855ms  | duration out of range",
        "18446744073709551615ms | duration out of range",
    })
    void rejectsWithPrometheusMessages(String in, String message) {
        if (message.isEmpty()) {
            assertEquals(S, PromDuration.parse(in));
            return;
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PromDuration.parse(in));
        assertEquals(message, e.getMessage());
    }

    @Test
    void limitIsGosTimeDuration() {
        // 2^63-1 nanoseconds, truncated to milliseconds
        assertEquals(9_223_372_036_854L, PromDuration.parse("9223372036854ms"));
        assertEquals(292 * Y, PromDuration.parse("292y"));
        assertEquals(106_751 * D, PromDuration.parse("106751d"));
        assertEquals(9_223_372_036_854L, PromDuration.parse("106751d23h47m16s854ms"));
        assertThrows(IllegalArgumentException.class, () -> PromDuration.parse("106751d23h47m16s855ms"));
    }

    @Test
    void quotesTheInputLikeGo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PromDuration.parse("1h\n"));
        assertEquals("unknown unit \"h\\n\" in duration \"1h\\n\"", e.getMessage());
    }

    @Test
    void printsLargestUnitsFirstWithExactYearsAndWeeks() {
        assertEquals("1y", PromDuration.format(Y));
        assertEquals("366d", PromDuration.format(Y + D));
        assertEquals("1w", PromDuration.format(W));
        assertEquals("8d", PromDuration.format(W + D));
        assertEquals("1d1ms", PromDuration.format(D + 1));
        assertEquals("-1h30m", PromDuration.format(-(H + 30 * M)));
        assertEquals("1ms", PromDuration.format(1));
        assertEquals("2w", PromDuration.format(2 * W));
        assertEquals("106751d23h47m16s854ms", PromDuration.format(9_223_372_036_854L));
    }
}
