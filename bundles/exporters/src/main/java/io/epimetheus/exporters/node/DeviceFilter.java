package io.epimetheus.exporters.node;

import java.util.regex.Pattern;

/**
 * node_exporter's device filter: a device is ignored when it matches the exclude pattern or, with
 * an include pattern, does not match it. The two are mutually exclusive. Patterns are unanchored
 * (Go's MatchString); node_exporter's defaults anchor themselves.
 */
final class DeviceFilter {

    private final Pattern exclude;
    private final Pattern include;

    DeviceFilter(Pattern exclude, Pattern include) {
        if (exclude != null && include != null) {
            throw new IllegalArgumentException("device-exclude & device-include are mutually exclusive");
        }
        this.exclude = exclude;
        this.include = include;
    }

    boolean ignored(String device) {
        return (exclude != null && exclude.matcher(device).find())
                || (include != null && !include.matcher(device).find());
    }
}
