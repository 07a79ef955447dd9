package io.epimetheus.http.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token bucket against a clock the test moves. */
class RateLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void startsFullThenRefillsOnePerIntervalUpToBurst() {
        AtomicLong now = new AtomicLong(-5 * SECOND); // nanoTime may be negative
        RateLimiter l = new RateLimiter(SECOND, 3, now::get);
        assertTrue(l.allow());
        assertTrue(l.allow());
        assertTrue(l.allow());
        assertFalse(l.allow());
        now.addAndGet(SECOND - 1);
        assertFalse(l.allow(), "a token needs the whole interval");
        now.addAndGet(1);
        assertTrue(l.allow());
        assertFalse(l.allow());
        // Partial credit is kept across denials: 0.5 s, then 0.5 s more make one token.
        now.addAndGet(SECOND / 2);
        assertFalse(l.allow());
        now.addAndGet(SECOND / 2);
        assertTrue(l.allow());
        // A long pause refills to burst, not beyond.
        now.addAndGet(3600 * SECOND);
        assertTrue(l.allow());
        assertTrue(l.allow());
        assertTrue(l.allow());
        assertFalse(l.allow());
        // A clock that does not advance (or steps back) adds nothing.
        now.addAndGet(-10 * SECOND);
        assertFalse(l.allow());
    }

    @Test
    void burstZeroOrNegativeAllowsNothing() {
        AtomicLong now = new AtomicLong();
        RateLimiter zero = new RateLimiter(SECOND, 0, now::get);
        RateLimiter negative = new RateLimiter(SECOND, -1, now::get);
        assertFalse(zero.allow());
        now.addAndGet(100 * SECOND);
        assertFalse(zero.allow());
        assertFalse(negative.allow());
    }

    @Test
    void hugeBurstSaturates() {
        AtomicLong now = new AtomicLong();
        RateLimiter l = new RateLimiter(3600 * SECOND, Long.MAX_VALUE, now::get);
        for (int i = 0; i < 1000; i++) {
            assertTrue(l.allow());
        }
    }
}
