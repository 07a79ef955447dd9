package io.epimetheus.remote.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeriesRefMapTest {

    @Test
    void behavesLikeAHashMap() {
        SeriesRefMap<String> m = new SeriesRefMap<>();
        Map<Long, String> ref = new HashMap<>();
        Random rnd = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            long k = rnd.nextInt(5000) * (rnd.nextBoolean() ? 1L : 1L << 40);
            String v = "v" + i;
            m.put(k, v);
            ref.put(k, v);
        }
        assertEquals(ref.size(), m.size());
        ref.forEach((k, v) -> assertEquals(v, m.get(k)));
        assertNull(m.get(-1));
        m.removeIf(v -> Integer.parseInt(v.substring(1)) % 2 == 0);
        ref.values().removeIf(v -> Integer.parseInt(v.substring(1)) % 2 == 0);
        assertEquals(ref.size(), m.size());
        ref.forEach((k, v) -> assertEquals(v, m.get(k)));
        for (long k = 0; k < 5000; k++) {
            assertEquals(ref.get(k), m.get(k));
        }
    }
}
