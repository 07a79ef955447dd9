package io.epimetheus.scrape.loop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EmptyLabelsTest {

    private static boolean has(String series, String name) {
        byte[] b = ("xx" + series + "yy").getBytes(StandardCharsets.UTF_8);
        return EmptyLabels.has(b, 2, b.length - 4, name);
    }

    @Test
    void findsExplicitlyEmptyLabels() {
        assertTrue(has("push_time_seconds{instance=\"\",job=\"batch\"}", "instance"));
        assertTrue(has("m{job=\"a\", instance = \"\"}", "instance"));
        assertTrue(has("{\"my.metric\",\"instance\"=\"\"}", "instance"));
        assertFalse(has("m{instance=\"x\"}", "instance"));
        assertFalse(has("m{a=\"instance=\\\"\\\"\"}", "instance"), "inside a quoted value");
        assertFalse(has("m", "instance"));
        assertFalse(has("m{}", "instance"));
        assertFalse(has("m{instances=\"\"}", "instance"));
    }
}
