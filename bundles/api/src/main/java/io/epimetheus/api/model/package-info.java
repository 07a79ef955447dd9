/**
 * The data model shared by every bundle: label sets, label matchers, metric types and metadata,
 * exemplars and the staleness marker.
 */
@Export
@Version("1.0.0")
package io.epimetheus.api.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
