package io.epimetheus.http.settings;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The HTTP settings in effect: the one component of this bundle configured by the PID {@value
 * HttpSettings#PID} whose service the servlets and filters read on every request.
 *
 * <p>Why not configure the servlets themselves: Declarative Services copies a component's
 * configuration into the properties of its service, so each change of the PID modified every
 * servlet's registration and the HTTP Whiteboard re-registered them, answering 404 meanwhile.
 * This service is not a whiteboard service; its changes reach the servlets without touching their
 * registrations.
 *
 * <p>A change with an invalid value is refused with an error in the log and the settings in effect
 * stay; an invalid value at start keeps the HTTP endpoints unregistered, naming the property, rather
 * than serving with a setting silently ignored.
 */
@Component(service = SettingsService.class, configurationPid = HttpSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HttpSettings.class)
public final class SettingsService {

    private static final System.Logger LOG = System.getLogger(SettingsService.class.getName());

    private volatile Settings current;

    @Activate
    public SettingsService(HttpSettings settings) {
        this.current = Settings.of(settings);
    }

    @Modified
    public void modified(HttpSettings settings) {
        try {
            current = Settings.of(settings);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.ERROR, e.getMessage() + " (the previous HTTP settings stay in effect)");
        }
    }

    /** The settings in effect. */
    public Settings current() {
        return current;
    }
}
