package io.epimetheus.itest;

import static org.junit.Assert.assertEquals;

import java.util.Collection;
import java.util.Objects;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.SatisfiedReferenceDTO;

/** Reads Declarative Services bindings through the SCR runtime DTOs. */
final class Bindings {

    private static final long TIMEOUT_MILLIS = 30_000;

    private Bindings() {
    }

    static ComponentConfigurationDTO configuration(ServiceComponentRuntime scr, ComponentDescriptionDTO description) {
        Collection<ComponentConfigurationDTO> configs = scr.getComponentConfigurationDTOs(description);
        assertEquals("configurations of " + description.name, 1, configs.size());
        return configs.iterator().next();
    }

    /** The id of the service bound to a unary reference, or {@code null} when none is. */
    static Long boundServiceId(ServiceComponentRuntime scr, ComponentDescriptionDTO description, String reference) {
        for (SatisfiedReferenceDTO ref : configuration(scr, description).satisfiedReferences) {
            if (ref.name.equals(reference)) {
                return ref.boundServices.length == 0 ? null : ref.boundServices[0].id;
            }
        }
        return null;
    }

    static void awaitBound(ServiceComponentRuntime scr, ComponentDescriptionDTO description, String reference,
            Long serviceId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        Long bound = boundServiceId(scr, description, reference);
        while (!Objects.equals(bound, serviceId) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            bound = boundServiceId(scr, description, reference);
        }
        assertEquals("service bound to " + description.name + "." + reference, serviceId, bound);
    }

    /** The id of the service of the given type that a bundle registered, waiting for it to appear. */
    static long serviceIdOf(BundleContext context, Bundle bundle, Class<?> type) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            ServiceReference<?>[] refs = bundle.getRegisteredServices();
            if (refs != null) {
                for (ServiceReference<?> ref : refs) {
                    for (String cls : (String[]) ref.getProperty(Constants.OBJECTCLASS)) {
                        if (cls.equals(type.getName())) {
                            return (Long) ref.getProperty(Constants.SERVICE_ID);
                        }
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError(bundle.getSymbolicName() + " registered no " + type.getName());
    }
}
