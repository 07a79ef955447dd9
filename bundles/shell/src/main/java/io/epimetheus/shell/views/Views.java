package io.epimetheus.shell.views;

import io.epimetheus.api.config.PromDuration;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Formatting shared by the view commands. */
final class Views {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private Views() {
    }

    /** A point in time as local date and time with its age ({@code 2024-01-01 10:00:00 (12s ago)}), or "never". */
    static String time(Instant t, Instant now) {
        if (t == null) {
            return "never";
        }
        long ago = Duration.between(t, now).toMillis();
        return TIME.format(t) + " (" + PromDuration.format(Math.max(0, ago / 1000 * 1000)) + " ago)";
    }

    /** A duration as Prometheus prints it, with milliseconds for short ones. */
    static String duration(Duration d) {
        return d == null ? "-" : PromDuration.format(d.toMillis());
    }
}
