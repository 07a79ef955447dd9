package io.epimetheus.http.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PromJsonTest {

    private interface Body {
        void write(JsonGenerator g, PromJson json) throws Exception;
    }

    private static String json(Body body) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = ApiJson.generator(out)) {
            body.write(g, new PromJson());
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void timestampsAsSecondsWithUpToThreeDecimals() throws Exception {
        assertEquals("1435781451.781", json((g, j) -> j.timestamp(g, 1435781451781L)));
        assertEquals("1435781451", json((g, j) -> j.timestamp(g, 1435781451000L)));
        assertEquals("1.1", json((g, j) -> j.timestamp(g, 1100)));
        assertEquals("0.05", json((g, j) -> j.timestamp(g, 50)));
        assertEquals("0.005", json((g, j) -> j.timestamp(g, 5)));
        assertEquals("-1.5", json((g, j) -> j.timestamp(g, -1500)));
        assertEquals("0", json((g, j) -> j.timestamp(g, 0)));
    }

    @Test
    void valuesLikeGo() throws Exception {
        assertEquals("\"1\"", json((g, j) -> j.value(g, 1)));
        assertEquals("\"-0.25\"", json((g, j) -> j.value(g, -0.25)));
        assertEquals("\"1e-07\"", json((g, j) -> j.value(g, 1e-7)));
        assertEquals("\"0.000001\"", json((g, j) -> j.value(g, 1e-6)));
        assertEquals("\"100000000000000000000\"", json((g, j) -> j.value(g, 1e20)));
        assertEquals("\"1.5e+21\"", json((g, j) -> j.value(g, 1.5e21)));
        assertEquals("\"NaN\"", json((g, j) -> j.value(g, Double.NaN)));
        assertEquals("\"+Inf\"", json((g, j) -> j.value(g, Double.POSITIVE_INFINITY)));
        assertEquals("\"0.30000000000000004\"", json((g, j) -> j.value(g, 0.1 + 0.2)));
    }

    @Test
    void goEscaping() throws Exception {
        assertEquals("\"\\u003c\\u003e\\u0026 \\n\\t\\u0001 \\u2028 é\"", json((g, j) -> g.writeString("<>& \n\t\u0001 \u2028 é")));
    }

    @Test
    void goNumbersAndTimes() throws Exception {
        assertEquals("{\"a\":60,\"b\":0.001,\"c\":1e-7,\"d\":1.5}", json((g, j) -> {
            g.writeStartObject();
            PromJson.numberField(g, "a", 60);
            PromJson.numberField(g, "b", 0.001);
            PromJson.numberField(g, "c", 1e-7);
            PromJson.numberField(g, "d", 1.5);
            g.writeEndObject();
        }));
        assertEquals("2024-01-02T03:04:05.1Z", PromJson.time(Instant.parse("2024-01-02T03:04:05.100Z")));
        assertEquals("2024-01-02T03:04:05Z", PromJson.time(Instant.parse("2024-01-02T03:04:05Z")));
        assertEquals("1e+00", PromJson.formatE(1));
        assertEquals("1.5e+00", PromJson.formatE(1.5));
        assertEquals("1.234e+05", PromJson.formatE(123400));
        assertEquals("-2.5e-03", PromJson.formatE(-0.0025));
        assertEquals("0e+00", PromJson.formatE(0));
        assertEquals("1e-07", PromJson.formatE(1e-7));
    }
}
