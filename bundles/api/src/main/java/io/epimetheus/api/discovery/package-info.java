/**
 * The service discovery SPI: {@link io.epimetheus.api.discovery.DiscovererFactory} services,
 * one per {@code <type>_sd_configs} type, create {@link io.epimetheus.api.discovery.Discoverer}s
 * that stream {@link io.epimetheus.api.discovery.TargetGroup}s to the scrape manager.
 */
@Export
@Version("1.0.0")
package io.epimetheus.api.discovery;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
