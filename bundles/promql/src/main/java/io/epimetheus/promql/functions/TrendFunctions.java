package io.epimetheus.promql.functions;

import io.epimetheus.api.query.ErrorType;
import io.epimetheus.api.query.QueryException;
import java.util.Locale;

/** {@code deriv}, {@code predict_linear} and {@code double_exponential_smoothing}. */
final class TrendFunctions {

    private TrendFunctions() {
    }

    /** The slope per second of the least-squares line through the samples. */
    static final RangeFunction DERIV = (w, params, call, ctx, result) -> {
        if (w.size() < 2) {
            return false;
        }
        // Regress around the first sample's time to avoid losing precision on large timestamps.
        result[0] = regression(w, w.t[w.from], null);
        return true;
    };

    /** The value the least-squares line predicts {@code params[0]} seconds after the step. */
    static final RangeFunction PREDICT_LINEAR = (w, params, call, ctx, result) -> {
        if (w.size() < 2) {
            return false;
        }
        double[] intercept = ctx.scratch(1);
        double slope = regression(w, ctx.ts, intercept);
        result[0] = slope * params[0] + intercept[0];
        return true;
    };

    /**
     * Returns the slope and stores the intercept at {@code interceptTime} (if asked) of the
     * least-squares line, with Kahan-compensated sums. A constant series has slope 0 (NaN if it is
     * infinite).
     */
    private static double regression(RangeWindow w, long interceptTime, double[] intercept) {
        double n = 0;
        double sumX = 0;
        double cX = 0;
        double sumY = 0;
        double cY = 0;
        double sumXY = 0;
        double cXY = 0;
        double sumX2 = 0;
        double cX2 = 0;
        double initY = w.v[w.from];
        boolean constY = true;
        for (int i = w.from; i < w.to; i++) {
            double y = w.v[i];
            if (constY && i > w.from && y != initY) {
                constY = false;
            }
            n += 1;
            double x = (w.t[i] - interceptTime) / 1e3;
            double t = sumX + x;
            cX = Kahan.compensation(x, sumX, cX, t);
            sumX = t;
            t = sumY + y;
            cY = Kahan.compensation(y, sumY, cY, t);
            sumY = t;
            double xy = x * y;
            t = sumXY + xy;
            cXY = Kahan.compensation(xy, sumXY, cXY, t);
            sumXY = t;
            double x2 = x * x;
            t = sumX2 + x2;
            cX2 = Kahan.compensation(x2, sumX2, cX2, t);
            sumX2 = t;
        }
        if (constY) {
            if (Double.isInfinite(initY)) {
                if (intercept != null) {
                    intercept[0] = Double.NaN;
                }
                return Double.NaN;
            }
            if (intercept != null) {
                intercept[0] = initY;
            }
            return 0;
        }
        sumX += cX;
        sumY += cY;
        sumXY += cXY;
        sumX2 += cX2;
        double covXY = sumXY - sumX * sumY / n;
        double varX = sumX2 - sumX * sumX / n;
        double slope = covXY / varX;
        if (intercept != null) {
            intercept[0] = sumY / n - slope * sumX / n;
        }
        return slope;
    }

    /**
     * Holt's linear (double exponential) smoothing with smoothing factor {@code params[0]} and trend
     * factor {@code params[1]}, both strictly between 0 and 1.
     */
    static final RangeFunction DOUBLE_EXPONENTIAL_SMOOTHING = (w, params, call, ctx, result) -> {
        double sf = params[0];
        double tf = params[1];
        if (sf <= 0 || sf >= 1) {
            throw new QueryException(ErrorType.EXECUTION,
                    "invalid smoothing factor. Expected: 0 < sf < 1, got: " + String.format(Locale.ROOT, "%f", sf));
        }
        if (tf <= 0 || tf >= 1) {
            throw new QueryException(ErrorType.EXECUTION,
                    "invalid trend factor. Expected: 0 < tf < 1, got: " + String.format(Locale.ROOT, "%f", tf));
        }
        int l = w.size();
        if (l < 2) {
            return false;
        }
        double[] v = w.v;
        int f = w.from;
        double s0 = 0;
        double s1 = v[f];
        double b = v[f + 1] - v[f];
        for (int i = 1; i < l; i++) {
            double x = sf * v[f + i];
            if (i - 1 != 0) {
                b = tf * (s1 - s0) + (1 - tf) * b;
            }
            double y = (1 - sf) * (s1 + b);
            s0 = s1;
            s1 = x + y;
        }
        result[0] = s1;
        return true;
    };
}
