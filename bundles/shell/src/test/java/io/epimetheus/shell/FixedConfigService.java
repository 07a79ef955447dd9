package io.epimetheus.shell;

import io.epimetheus.api.config.ConfigListener;
import io.epimetheus.api.config.ConfigService;
import io.epimetheus.api.config.PrometheusConfig;
import io.epimetheus.api.config.ReloadStatus;
import java.nio.file.Path;

/** A configuration service whose reloads all end with one given status, counted. */
public final class FixedConfigService implements ConfigService {

    private final ReloadStatus status;
    /** How many times {@link #reload} was called. */
    public int reloads;

    public FixedConfigService(ReloadStatus status) {
        this.status = status;
    }

    @Override
    public PrometheusConfig current() {
        return PrometheusConfig.EMPTY;
    }

    @Override
    public ReloadStatus reload() {
        reloads++;
        return status;
    }

    @Override
    public ReloadStatus lastReload() {
        return status;
    }

    @Override
    public PrometheusConfig check(Path file) {
        return PrometheusConfig.EMPTY;
    }

    @Override
    public void addListener(ConfigListener l) {
    }

    @Override
    public void removeListener(ConfigListener l) {
    }
}
