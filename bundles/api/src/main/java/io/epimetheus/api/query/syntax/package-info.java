/**
 * The PromQL syntax tree as the HTTP API's {@code /api/v1/parse_query} returns it (the Prometheus
 * UI's tree view and explain features read it). Optional: a query engine bundle registers a
 * {@link io.epimetheus.api.query.syntax.SyntaxTreeService} next to its {@link
 * io.epimetheus.api.query.QueryEngine} when it can produce one; without it the endpoint answers 503.
 */
@Export
@Version("1.0.0")
package io.epimetheus.api.query.syntax;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
