package io.epimetheus.remote.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The receivers' settings follow modifications of the HTTP PID, keeping the last valid ones. */
class ReceiverSettingsTest {

    @Test
    void defaultsModificationsAndInvalidChanges() {
        ReceiverSettings s = new ReceiverSettings(Map.of());
        assertFalse(s.writeEnabled());
        assertEquals(new ReceiverSettings.ReadLimits(10, 50_000_000, 1 << 20), s.readLimits());

        s.modified(Map.of("enable.remote.write.receiver", "true", "remote.read.concurrent.limit", "3"));
        assertTrue(s.writeEnabled());
        assertEquals(new ReceiverSettings.ReadLimits(3, 50_000_000, 1 << 20), s.readLimits());

        ReceiverSettings.ReadLimits before = s.readLimits();
        s.modified(Map.of("enable.remote.write.receiver", "false", "remote.read.sample.limit", "lots"));
        assertTrue(s.writeEnabled(), "an invalid change is refused as a whole");
        assertSame(before, s.readLimits());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ReceiverSettings(Map.of("remote.read.max.bytes.in.frame", "1MB")));
        assertEquals("invalid remote.read.max.bytes.in.frame in io.epimetheus.http: 1MB", e.getMessage());
    }
}
