package io.epimetheus.http.api;

import io.epimetheus.api.regex.Re2;
import io.epimetheus.http.settings.HttpSettings;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The settings the API endpoints need, read once per configuration change.
 *
 * @param enableAdmin whether the admin endpoints are enabled
 * @param corsOrigin the anchored CORS origin pattern, or {@code null} for any origin ({@code .*})
 * @param maxPointsPerSeries the range query resolution limit
 * @param flags the Prometheus flag names and values {@code /api/v1/status/flags} reports
 */
record ApiConfig(boolean enableAdmin, Pattern corsOrigin, int maxPointsPerSeries, Map<String, String> flags) {

    /** Reads the settings; a bad CORS regex is refused with the reason. */
    static ApiConfig of(HttpSettings s, Map<String, String> flags) {
        String origin = s.cors_origin();
        Pattern p = origin.equals(".*") ? null : Re2.compile("^(?:" + origin + ")$");
        return new ApiConfig(s.enable_admin_api(), p, s.query_max_points_per_series(), Map.copyOf(flags));
    }
}
