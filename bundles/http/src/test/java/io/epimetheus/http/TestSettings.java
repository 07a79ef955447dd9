package io.epimetheus.http;

import io.epimetheus.http.settings.HttpSettings;
import java.lang.annotation.Annotation;

/**
 * {@link HttpSettings} with chosen values, as Config Admin would hand them to a component; unset
 * values are the defaults of the configuration.
 */
public final class TestSettings implements HttpSettings {

    private boolean lifecycle;
    private boolean admin;
    private String webConfigFile = "";
    private String corsOrigin = ".*";
    private String lookbackDelta = "5m";

    public TestSettings lifecycle(boolean enabled) {
        lifecycle = enabled;
        return this;
    }

    public TestSettings admin(boolean enabled) {
        admin = enabled;
        return this;
    }

    public TestSettings webConfigFile(String file) {
        webConfigFile = file;
        return this;
    }

    public TestSettings corsOrigin(String regex) {
        corsOrigin = regex;
        return this;
    }

    public TestSettings lookbackDelta(String duration) {
        lookbackDelta = duration;
        return this;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return HttpSettings.class;
    }

    @Override
    public boolean enable_lifecycle() {
        return lifecycle;
    }

    @Override
    public boolean enable_admin_api() {
        return admin;
    }

    @Override
    public boolean enable_remote_write_receiver() {
        return false;
    }

    @Override
    public String web_config_file() {
        return webConfigFile;
    }

    @Override
    public String cors_origin() {
        return corsOrigin;
    }

    @Override
    public int query_max_points_per_series() {
        return 11000;
    }

    @Override
    public String query_lookback_delta() {
        return lookbackDelta;
    }
}
