package io.epimetheus.promql.value;

import io.epimetheus.api.model.FloatFormat;
import io.epimetheus.promql.ast.PosRange;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * The info that histogram_quantile had to fix non-monotonic buckets. Repeated occurrences merge
 * into one message with the bucket range, the largest correction, the sample count and the time
 * range, as Prometheus reports it.
 */
final class ForcedMonotonicityInfo extends Annotation {

    private final long minTs;
    private final long maxTs;
    private final double minBucket;
    private final double maxBucket;
    private final double maxDiff;
    private final int count;

    ForcedMonotonicityInfo(String text, PosRange pos, long ts, double minBucket, double maxBucket, double maxDiff) {
        this(text, pos, ts, ts, minBucket, maxBucket, maxDiff, 0);
    }

    private ForcedMonotonicityInfo(String text, PosRange pos, long minTs, long maxTs, double minBucket,
            double maxBucket, double maxDiff, int count) {
        super(true, text, pos);
        this.minTs = minTs;
        this.maxTs = maxTs;
        this.minBucket = minBucket;
        this.maxBucket = maxBucket;
        this.maxDiff = maxDiff;
        this.count = count;
    }

    @Override
    protected Annotation merge(Annotation previous) {
        if (!(previous instanceof ForcedMonotonicityInfo o)) {
            return this;
        }
        return new ForcedMonotonicityInfo(key().substring("PromQL info: ".length()), o.pos(),
                Math.min(minTs, o.minTs), Math.max(maxTs, o.maxTs), Math.min(minBucket, o.minBucket),
                Math.max(maxBucket, o.maxBucket), Math.max(maxDiff, o.maxDiff), o.count + count + 1);
    }

    @Override
    public String render(String query) {
        return key() + ", from buckets " + FloatFormat.formatG(minBucket) + " to " + FloatFormat.formatG(maxBucket)
                + ", with a max diff of " + formatG2(maxDiff) + ", over " + (count + 1) + " samples from "
                + Instant.ofEpochSecond(minTs / 1000) + " to " + Instant.ofEpochSecond(maxTs / 1000) + " ("
                + pos().startPosInput(query) + ")";
    }

    /** Go's {@code %.2g}. */
    private static String formatG2(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return FloatFormat.formatG(v);
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(2, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        int exp = d.precision() - d.scale() - 1;
        if (exp < -4 || exp >= 2) {
            return FloatFormat.formatG(d.doubleValue());
        }
        return d.toPlainString();
    }
}
