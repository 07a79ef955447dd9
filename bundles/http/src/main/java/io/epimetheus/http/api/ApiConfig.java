package io.epimetheus.http.api;

import io.epimetheus.http.settings.Settings;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The settings the API endpoints need.
 *
 * @param enableAdmin whether the admin endpoints are enabled
 * @param corsOrigin the anchored CORS origin pattern, or {@code null} for any origin ({@code .*})
 * @param maxPointsPerSeries the range query resolution limit
 * @param flags the Prometheus flag names and values {@code /api/v1/status/flags} reports
 */
record ApiConfig(boolean enableAdmin, Pattern corsOrigin, int maxPointsPerSeries, Map<String, String> flags) {

    static ApiConfig of(Settings s) {
        return new ApiConfig(s.raw().enable_admin_api(), s.corsOrigin(), s.raw().query_max_points_per_series(), s.flags());
    }
}
