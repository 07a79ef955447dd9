package io.epimetheus.http.api;

import io.epimetheus.http.settings.HttpSettings;
import java.lang.annotation.Annotation;

/** {@link HttpSettings} with chosen values, as Config Admin would hand them to a component. */
class TestSettings implements HttpSettings {

    boolean lifecycle;
    boolean admin;
    String webConfigFile = "";
    String corsOrigin = ".*";
    int maxPoints = 11000;

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
        return maxPoints;
    }

    @Override
    public String query_lookback_delta() {
        return "5m";
    }
}
