/**
 * Read-only views of scraping: the {@link io.epimetheus.api.scrape.TargetsView} service the scrape
 * bundle registers, which the HTTP API ({@code /api/v1/targets}, {@code /api/v1/targets/metadata},
 * {@code /api/v1/metadata}, {@code /api/v1/scrape_pools}) and the shell ({@code epi:targets}) read.
 */
@Export
@Version("1.0.0")
package io.epimetheus.api.scrape;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
