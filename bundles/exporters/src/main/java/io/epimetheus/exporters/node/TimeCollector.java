package io.epimetheus.exporters.node;

import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.exporters.node.procfs.ByteCursor;
import io.epimetheus.exporters.node.procfs.NameCache;
import io.epimetheus.exporters.node.procfs.ProcFs;
import java.io.IOException;
import java.time.Instant;
import java.util.TimeZone;

/**
 * {@code node_time_seconds}, {@code node_time_zone_offset_seconds{time_zone}} (the zone's
 * abbreviation, as Go's {@code Time.Zone} gives it) and the clock sources of every
 * {@code /sys/devices/system/clocksource/clocksourceN}.
 */
final class TimeCollector implements NodeSubcollector {

    private final ProcFs fs;
    private final String clocksourceDir;
    private String[] availablePaths;
    private String[] currentPaths;
    private Labels[] currentRow;
    private final NameCache<Labels>[] available;
    private final NameCache<Labels>[] current;
    private final Labels[] availableRow = new Labels[64];
    private TimeZone zone;
    private boolean zoneDaylight;
    private Labels zoneLabels;

    @SuppressWarnings("unchecked")
    TimeCollector(ProcFs fs) {
        this.fs = fs;
        this.clocksourceDir = fs.sys("devices/system/clocksource");
        this.available = new NameCache[8];
        this.current = new NameCache[8];
    }

    @Override
    public String name() {
        return "time";
    }

    @Override
    public void update(MetricSink sink) throws IOException {
        Instant now = Instant.now();
        sink.family("node_time_seconds", MetricType.GAUGE, "System time in seconds since epoch (1970).", "seconds");
        sink.sample("node_time_seconds", Labels.EMPTY, now.getEpochSecond() + now.getNano() / 1e9);

        TimeZone tz = TimeZone.getDefault();
        int offsetMillis = tz.getOffset(now.toEpochMilli());
        boolean daylight = tz.getRawOffset() != offsetMillis;
        if (tz != zone || daylight != zoneDaylight) {
            zone = tz;
            zoneDaylight = daylight;
            zoneLabels = Labels.of("time_zone", tz.getDisplayName(daylight, TimeZone.SHORT, java.util.Locale.ROOT));
        }
        sink.family("node_time_zone_offset_seconds", MetricType.GAUGE, "System time zone offset in seconds.", "seconds");
        sink.sample("node_time_zone_offset_seconds", zoneLabels, offsetMillis / 1000);

        if (availablePaths == null) {
            String[] names = ProcFs.numberedChildren(clocksourceDir, "clocksource");
            int n = Math.min(names.length, available.length);
            availablePaths = new String[n];
            currentPaths = new String[n];
            currentRow = new Labels[n];
            for (int i = 0; i < n; i++) {
                availablePaths[i] = clocksourceDir + "/" + names[i] + "/available_clocksource";
                currentPaths[i] = clocksourceDir + "/" + names[i] + "/current_clocksource";
                String device = Integer.toString(i);
                available[i] = new NameCache<>(cs -> Labels.of("device", device, "clocksource", cs));
                current[i] = available[i];
            }
        }
        if (availablePaths.length == 0) {
            return;
        }
        sink.family("node_time_clocksource_available_info", MetricType.GAUGE,
                "Available clocksources read from '/sys/devices/system/clocksource'.", "");
        for (int i = 0; i < availablePaths.length; i++) {
            ByteCursor c = fs.read(availablePaths[i]);
            int n = 0;
            while (c.token() && n < availableRow.length) {
                availableRow[n++] = available[i].get(c);
            }
            for (int k = 0; k < n; k++) {
                sink.sample("node_time_clocksource_available_info", availableRow[k], 1);
            }
            c = fs.read(currentPaths[i]);
            currentRow[i] = c.token() ? current[i].get(c) : null;
        }
        sink.family("node_time_clocksource_current_info", MetricType.GAUGE,
                "Current clocksource read from '/sys/devices/system/clocksource'.", "");
        for (Labels l : currentRow) {
            if (l != null) {
                sink.sample("node_time_clocksource_current_info", l, 1);
            }
        }
    }
}
