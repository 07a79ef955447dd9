package io.epimetheus.config.load;

import io.epimetheus.api.discovery.DiscovererFactory;

/** Looks up the installed service discovery plugins by type. */
@FunctionalInterface
public interface SdRegistry {

    /** The factory registered for {@code type}, or {@code null} when none is installed. */
    DiscovererFactory factory(String type);
}
