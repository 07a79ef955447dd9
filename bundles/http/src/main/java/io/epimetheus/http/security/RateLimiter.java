package io.epimetheus.http.security;

import java.util.function.LongSupplier;

/**
 * The token bucket of {@code rate_limit}, with the behaviour of exporter-toolkit's {@code
 * rate.NewLimiter(rate.Every(interval), burst)}: it starts full with {@code burst} tokens, gains one
 * token per {@code interval} up to {@code burst}, and each allowed request takes one; a burst of 0
 * or less allows nothing. Tokens are kept as nanoseconds of credit ({@code interval} per token), so
 * partial tokens accrue exactly and nothing is allocated per request.
 */
final class RateLimiter {

    private final long interval;
    private final long capacity;
    private final LongSupplier nanoClock;
    private long credit;
    private long last;

    /**
     * @param interval nanoseconds per token, greater than 0
     * @param burst the bucket's size
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime})
     */
    RateLimiter(long interval, long burst, LongSupplier nanoClock) {
        if (interval <= 0) {
            throw new IllegalArgumentException("rate limit interval must be positive: " + interval);
        }
        this.interval = interval;
        long cap;
        try {
            cap = burst <= 0 ? 0 : Math.multiplyExact(interval, burst);
        } catch (ArithmeticException e) {
            cap = Long.MAX_VALUE; // more than 292 years of credit: as good as unbounded
        }
        this.capacity = cap;
        this.nanoClock = nanoClock;
        this.credit = cap;
        this.last = nanoClock.getAsLong();
    }

    /** Takes a token if one is there. */
    synchronized boolean allow() {
        long now = nanoClock.getAsLong();
        long elapsed = now - last;
        if (elapsed > 0) {
            credit = elapsed >= capacity - credit ? capacity : credit + elapsed;
            last = now;
        }
        if (credit >= interval) {
            credit -= interval;
            return true;
        }
        return false;
    }
}
