package io.epimetheus.api.model;

/**
 * The staleness marker: a specific NaN bit pattern that Prometheus writes when a series disappears
 * from a scrape. It must be stored and returned bit for bit; ordinary NaN values are distinct.
 */
public final class StaleNaN {

    /** The bit pattern of the staleness marker, as in Prometheus ({@code 0x7ff0000000000002}). */
    public static final long BITS = 0x7ff0000000000002L;

    /** The staleness marker value. Compare with {@link #is(double)}, never with {@code ==}. */
    public static final double VALUE = Double.longBitsToDouble(BITS);

    private StaleNaN() {
    }

    /** Whether {@code v} is the staleness marker (and not some other NaN). */
    public static boolean is(double v) {
        return Double.doubleToRawLongBits(v) == BITS;
    }
}
