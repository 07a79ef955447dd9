/**
 * Read-only views of rule evaluation and alert sending: the {@link
 * io.epimetheus.api.rules.RulesView} a rules bundle registers (rule groups, their rules and the
 * alerts they hold) and the {@link io.epimetheus.api.rules.AlertmanagersView} of the Alertmanagers
 * alerts are sent to. The HTTP API ({@code /api/v1/rules}, {@code /api/v1/alerts}, {@code
 * /api/v1/alertmanagers}) and the shell ({@code epi:rules}, {@code epi:alerts}) read them; without a
 * provider they answer with empty lists, as Prometheus does without rules.
 */
@Export
@Version("1.0.0")
package io.epimetheus.api.rules;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
