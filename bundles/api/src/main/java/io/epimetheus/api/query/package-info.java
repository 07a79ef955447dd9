/**
 * The query SPI: a {@link io.epimetheus.api.query.QueryEngine} evaluates PromQL against any
 * {@link io.epimetheus.api.storage.Queryable} and returns the result types of the Prometheus API.
 */
@Export
@Version("1.0.0")
package io.epimetheus.api.query;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
