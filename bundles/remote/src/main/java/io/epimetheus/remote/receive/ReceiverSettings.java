package io.epimetheus.remote.receive;

import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

/**
 * The receivers' settings from the HTTP configuration PID {@value #PID}: whether {@code
 * /api/v1/write} is enabled ({@value #ENABLE_PROPERTY}) and the {@code /api/v1/read} limits with
 * Prometheus's flag defaults. The servlets read them here instead of being configured by the PID
 * themselves: Declarative Services copies a component's configuration into its service
 * properties, so every change of the PID modified the servlets' registrations and the HTTP
 * Whiteboard re-registered them, answering 404 meanwhile. An invalid change is logged and the
 * settings in effect stay.
 */
@Component(service = ReceiverSettings.class, configurationPid = ReceiverSettings.PID)
public final class ReceiverSettings {

    static final String PID = "io.epimetheus.http";
    static final String ENABLE_PROPERTY = "enable.remote.write.receiver";

    /** The remote read limits: concurrent requests, samples per request, bytes per streamed frame. */
    record ReadLimits(int concurrency, long samples, int maxBytesInFrame) {
    }

    private volatile boolean writeEnabled;
    private volatile ReadLimits readLimits;

    @Activate
    public ReceiverSettings(Map<String, Object> props) {
        apply(props);
    }

    @Modified
    void modified(Map<String, Object> props) {
        try {
            apply(props);
        } catch (IllegalArgumentException e) {
            System.getLogger(ReceiverSettings.class.getName()).log(System.Logger.Level.ERROR,
                    e.getMessage() + " (the previous receiver settings stay in effect)");
        }
    }

    private void apply(Map<String, Object> props) {
        ReadLimits limits = new ReadLimits(intProp(props, "remote.read.concurrent.limit", 10),
                (long) doubleProp(props, "remote.read.sample.limit", 5e7),
                intProp(props, "remote.read.max.bytes.in.frame", 1 << 20));
        writeEnabled = Boolean.parseBoolean(String.valueOf(props.getOrDefault(ENABLE_PROPERTY, "false")).trim());
        readLimits = limits;
    }

    boolean writeEnabled() {
        return writeEnabled;
    }

    ReadLimits readLimits() {
        return readLimits;
    }

    private static int intProp(Map<String, Object> props, String key, int def) {
        return (int) doubleProp(props, key, def);
    }

    private static double doubleProp(Map<String, Object> props, String key, double def) {
        Object v = props.get(key);
        if (v == null || String.valueOf(v).isBlank()) {
            return def;
        }
        try {
            return Double.parseDouble(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid " + key + " in " + PID + ": " + v);
        }
    }
}
