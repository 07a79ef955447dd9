package io.epimetheus.pushgateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The pieces of Go behaviour the Pushgateway's answers depend on, each against what Go 1.19
 * (Debian's prometheus-pushgateway 1.5.1) gives.
 */
class GoBehaviourTest {

    @Test
    void base64AsRawUrlEncodingAfterCuttingTrailingPadding() throws Exception {
        assertEquals("", text(GoBase64.decode("")));
        assertEquals("", text(GoBase64.decode("=")));
        assertEquals("", text(GoBase64.decode("====")));
        assertEquals("a", text(GoBase64.decode("YQ==")));
        assertEquals("a", text(GoBase64.decode("YQ")));
        assertEquals("/var/tmp", text(GoBase64.decode("L3Zhci90bXA")));
        // Newlines are skipped; trailing bits are not checked.
        assertEquals("abcdef", text(GoBase64.decode("YWJj\nZGVm\r")));
        assertEquals("a", text(GoBase64.decode("YR")));
        assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0xef}, GoBase64.decode("_-8"));

        GoBase64.DecodeException e = assertThrows(GoBase64.DecodeException.class, () -> GoBase64.decode("YWJjZGVm_"));
        assertEquals("illegal base64 data at input byte 8", e.getMessage());
        assertEquals("abcdef", text(e.decoded()));
        e = assertThrows(GoBase64.DecodeException.class, () -> GoBase64.decode("YQ=a"));
        assertEquals("illegal base64 data at input byte 2", e.getMessage());
        e = assertThrows(GoBase64.DecodeException.class, () -> GoBase64.decode("YW+i"));
        assertEquals("illegal base64 data at input byte 2", e.getMessage());
        e = assertThrows(GoBase64.DecodeException.class, () -> GoBase64.decode("YWJj\nZGVmZ"));
        assertEquals("illegal base64 data at input byte 9", e.getMessage());
        assertEquals("abcdef", text(e.decoded()));
    }

    @Test
    void quotingOfBytesAsGoQuotesAString() {
        assertEquals("\"\\xff\\xff\\xff\"", GoBase64.quote(new byte[] {-1, -1, -1}));
        assertEquals("\"é\\\"\\n\\xc3\"", GoBase64.quote(new byte[] {(byte) 0xc3, (byte) 0xa9, '"', '\n', (byte) 0xc3}));
        assertEquals("\"\\xed\\xa0\\x80\"", GoBase64.quote(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}), "no surrogates");
    }

    @Test
    void countsConvertAsGoOnAmd64() {
        assertEquals(2, PushedMetric.goUint64(2.7));
        assertEquals(-1L, PushedMetric.goUint64(-1), "wraps around to 2^64-1");
        assertEquals(-2L, PushedMetric.goUint64(-2.5));
        assertEquals(Long.MIN_VALUE, PushedMetric.goUint64(Double.NaN));
        assertEquals(Long.MIN_VALUE, PushedMetric.goUint64(Double.POSITIVE_INFINITY));
        assertEquals(Long.MIN_VALUE, PushedMetric.goUint64(1e20));
        assertEquals(Long.MIN_VALUE, PushedMetric.goUint64(-1e30));
        assertEquals(Long.parseUnsignedLong("15000000000000000000"), PushedMetric.goUint64(1.5e19));
        assertEquals(1.8446744073709552e19, PushedMetric.unsignedToDouble(-1L));
        assertEquals(9.223372036854776e18, PushedMetric.unsignedToDouble(Long.MIN_VALUE));
        assertEquals(3.0, PushedMetric.unsignedToDouble(3));
    }

    @Test
    void floatsOfLeAndQuantileAsGosTextParserReadsThem() {
        assertEquals(0.5, PushBodyParser.goParseFloat(".5"));
        assertEquals(5.0, PushBodyParser.goParseFloat("5."));
        assertEquals(1e5, PushBodyParser.goParseFloat("1E5"));
        assertEquals(Double.POSITIVE_INFINITY, PushBodyParser.goParseFloat("+Inf"));
        assertEquals(Double.NEGATIVE_INFINITY, PushBodyParser.goParseFloat("-infinity"));
        assertEquals(Double.NaN, PushBodyParser.goParseFloat("NaN"));
        for (String bad : new String[] {"", "+nan", "0x1p-2", "0x10", "1_0", "1e", "e5", ".", "1e400", " 1", "1d", "١"}) {
            assertThrows(NumberFormatException.class, () -> PushBodyParser.goParseFloat(bad), bad);
        }
    }

    @Test
    void pathsAreCleanedAndEscapedAsGosServeMuxDoes() throws Exception {
        assertEquals("/metrics/job/j/", RequestPath.clean("/metrics/job/j//"));
        assertEquals("/metrics/job/a/b", RequestPath.clean("/metrics/job//a/b"));
        assertEquals("/metrics/job/j", RequestPath.clean("/metrics/job/j/a/.."));
        assertEquals("/metrics/job/j/a/b", RequestPath.clean("/metrics/job/j/./a/b"));
        assertEquals("/", RequestPath.clean("/.."));
        assertEquals("/metrics/job/a%20b/%C3%A9/x@base64/=", RequestPath.escape("/metrics/job/a b/é/x@base64/="));
        assertEquals("/metrics/job/a/b+c", RequestPath.decode("/metrics/job/a%2Fb+c"));
        assertThrows(PushException.class, () -> RequestPath.decode("/metrics/job/%FF"));
        assertThrows(PushException.class, () -> RequestPath.decode("/metrics/job/%F"));
    }

    @Test
    void timesAsGosJsonWritesThem() {
        assertEquals("2023-11-14T22:13:20Z", PushgatewayJson.goTime(1_700_000_000_000L));
        assertEquals("2023-11-14T22:13:20.1Z", PushgatewayJson.goTime(1_700_000_000_100L));
        assertEquals("2023-11-14T22:13:20.012Z", PushgatewayJson.goTime(1_700_000_000_012L));
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
