package io.epimetheus.shell.tsdb;

import io.epimetheus.api.config.PromDuration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Formatting shared by the tsdb commands. */
final class TsdbFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private TsdbFormat() {
    }

    /** A millisecond timestamp as UTC date and time, "-" for the empty-head sentinels. */
    static String time(long millis) {
        if (millis == Long.MAX_VALUE || millis == Long.MIN_VALUE) {
            return "-";
        }
        return TIME.format(Instant.ofEpochMilli(millis));
    }

    static String duration(long millis) {
        return PromDuration.format(millis);
    }

    /** Bytes in base-2 units with one decimal ({@code 1.5MiB}). */
    static String bytes(long b) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = b;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        if (u == 0) {
            return b + "B";
        }
        long tenths = Math.round(v * 10);
        return (tenths / 10) + "." + (tenths % 10) + units[u];
    }
}
