package io.epimetheus.http.settings;

import io.epimetheus.api.config.PromDuration;
import io.epimetheus.api.regex.Re2;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validated {@link HttpSettings}: the raw values, with what has to be parsed parsed once.
 *
 * @param raw the settings as Config Admin gave them
 * @param corsOrigin the anchored CORS origin pattern, or {@code null} for any origin ({@code .*})
 * @param lookbackDeltaMillis the federation lookback delta
 * @param flags the Prometheus flag names and values {@code /api/v1/status/flags} reports
 */
public record Settings(HttpSettings raw, Pattern corsOrigin, long lookbackDeltaMillis, Map<String, String> flags) {

    private static final long DEFAULT_LOOKBACK_MILLIS = 300_000;

    /**
     * Validates and parses the settings.
     *
     * @throws IllegalArgumentException naming the property and the problem when a value is invalid
     */
    public static Settings of(HttpSettings s) {
        String origin = s.cors_origin();
        Pattern cors;
        try {
            cors = origin.equals(".*") ? null : Re2.compileAnchored(origin);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(HttpSettings.PID + " cors.origin: could not compile CORS regex string "
                    + "\"" + origin + "\": " + e.getMessage(), e);
        }
        // An empty lookback (an unset launcher property) means Prometheus's 5m.
        String lookback = s.query_lookback_delta().trim();
        long lookbackMillis;
        try {
            lookbackMillis = lookback.isEmpty() ? DEFAULT_LOOKBACK_MILLIS : PromDuration.parse(lookback);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(HttpSettings.PID + " query.lookback.delta: " + e.getMessage(), e);
        }
        if (s.query_max_points_per_series() <= 0) {
            throw new IllegalArgumentException(HttpSettings.PID + " query.max.points.per.series: must be positive, got "
                    + s.query_max_points_per_series());
        }
        return new Settings(s, cors, lookbackMillis, Map.copyOf(Flags.of(s)));
    }
}
