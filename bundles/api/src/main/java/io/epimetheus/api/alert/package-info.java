/**
 * The alerting SPI: {@link io.epimetheus.api.alert.Alert}s flow from rule evaluation into an
 * {@link io.epimetheus.api.alert.AlertSink}; receivers deliver them through {@link
 * io.epimetheus.api.alert.Notifier}s made by {@link io.epimetheus.api.alert.NotifierFactory}
 * plugins.
 */
@Export
@Version("1.0.0")
package io.epimetheus.api.alert;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
