package io.epimetheus.remote.config;

import io.epimetheus.api.config.ConfigException;
import io.epimetheus.api.config.ConfigListener;
import io.epimetheus.api.config.ConfigService;

/**
 * Keeps a component's {@link ConfigListener} registered with the {@link ConfigService} bound to it
 * (optional, dynamic) while the component is active. The component forwards its activation and
 * its bind and unbind calls here. A configuration the listener cannot apply when it registers is
 * logged, not fatal to the component: it stays registered and applies the next one.
 */
public final class ConfigSubscription {

    private final ConfigListener listener;
    private final String section;
    private volatile ConfigService service;
    private volatile boolean active;

    /**
     * @param section the configuration section the listener applies ({@code remote_write}, ...),
     *     for the log line of a configuration it rejects
     */
    public ConfigSubscription(ConfigListener listener, String section) {
        this.listener = listener;
        this.section = section;
    }

    public void activate() {
        active = true;
        ConfigService cs = service;
        if (cs != null) {
            listen(cs);
        }
    }

    public void deactivate() {
        active = false;
        ConfigService cs = service;
        if (cs != null) {
            cs.removeListener(listener);
        }
    }

    /** Whether the component is active (between {@link #activate} and {@link #deactivate}). */
    public boolean active() {
        return active;
    }

    public void bind(ConfigService cs) {
        service = cs;
        if (active) {
            listen(cs);
        }
    }

    /** Unregisters from {@code cs}; returns whether it was the bound service (not one already replaced). */
    public boolean unbind(ConfigService cs) {
        cs.removeListener(listener);
        if (service == cs) {
            service = null;
            return true;
        }
        return false;
    }

    private void listen(ConfigService cs) {
        try {
            cs.addListener(listener);
        } catch (ConfigException e) {
            System.getLogger(listener.getClass().getName()).log(System.Logger.Level.ERROR,
                    section + " configuration not applied: " + e.getMessage());
        }
    }
}
