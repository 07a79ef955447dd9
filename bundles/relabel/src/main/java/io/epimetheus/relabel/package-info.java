/**
 * Prometheus relabeling: {@link io.epimetheus.relabel.Relabeler} compiles a list of validated
 * {@link io.epimetheus.api.config.RelabelConfig} rules (every action Prometheus has, RE2 regexes
 * fully anchored, {@code $1}/{@code ${name}} expansion) and applies them to a label set — the one
 * engine behind {@code relabel_configs} and {@code metric_relabel_configs} of scraping and {@code
 * write_relabel_configs} of remote write. A compiled {@code Relabeler} is immutable and
 * thread-safe; callers pass their own scratch {@link io.epimetheus.api.model.LabelsBuilder}, so
 * relabeling allocates nothing when no rule changes the labels.
 */
@Export
@Version("1.0.0")
package io.epimetheus.relabel;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
