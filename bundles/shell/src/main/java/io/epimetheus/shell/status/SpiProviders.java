package io.epimetheus.shell.status;

import io.epimetheus.api.status.Health;
import io.epimetheus.api.status.HealthCheck;
import io.epimetheus.api.status.Spi;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Looks up the registered implementations of an {@link Spi}, best-ranked first: the first is the
 * one DYNAMIC+GREEDY consumers of a single-valued SPI are bound to.
 */
final class SpiProviders {

    /** One registered implementation. */
    record Provider(Spi spi, String key, String implementation, String bundle, String bundleVersion,
            int ranking, long serviceId, Health health) {
    }

    private SpiProviders() {
    }

    static List<Provider> of(BundleContext context, Spi spi) {
        ServiceReference<?>[] refs;
        try {
            refs = context.getAllServiceReferences(spi.type().getName(), null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("no filter was given", e);
        }
        if (refs == null) {
            return List.of();
        }
        // ServiceReference order: higher ranking, then lower service id, is "greater".
        Arrays.sort(refs, Collections.reverseOrder());
        List<Provider> out = new ArrayList<>(refs.length);
        for (ServiceReference<?> ref : refs) {
            out.add(describe(context, spi, ref));
        }
        return out;
    }

    private static Provider describe(BundleContext context, Spi spi, ServiceReference<?> ref) {
        Bundle bundle = ref.getBundle();
        Object rankingProp = ref.getProperty(Constants.SERVICE_RANKING);
        int ranking = rankingProp instanceof Integer i ? i : 0;
        long id = (Long) ref.getProperty(Constants.SERVICE_ID);
        Object keyProp = spi.keyProperty() == null ? null : ref.getProperty(spi.keyProperty());
        // A collector without a name is Epimetheus's own instrumentation (served on /metrics).
        String key = spi.keyProperty() == null ? "" : keyProp == null ? "(self-metrics)" : String.valueOf(keyProp);
        String implementation = "?";
        Health health;
        Object service = context.getService(ref);
        try {
            if (service == null) {
                health = Health.unhealthy("service cannot be obtained");
            } else {
                implementation = service.getClass().getName();
                health = service instanceof HealthCheck hc ? hc.health() : Health.OK;
            }
        } catch (RuntimeException e) {
            health = Health.unhealthy("health check failed: " + e);
        } finally {
            if (service != null) {
                context.ungetService(ref);
            }
        }
        return new Provider(spi, key, implementation,
                bundle == null ? "(unregistered)" : bundle.getSymbolicName(),
                bundle == null ? "" : bundle.getVersion().toString(), ranking, id, health);
    }

    static String healthText(Health h) {
        if (h.healthy()) {
            return h.detail().isEmpty() ? "healthy" : "healthy: " + h.detail();
        }
        return "UNHEALTHY: " + h.detail();
    }
}
