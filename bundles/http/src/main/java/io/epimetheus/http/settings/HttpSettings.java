package io.epimetheus.http.settings;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The settings of the HTTP API (PID {@value #PID}, {@code etc/io.epimetheus.http.cfg}). The
 * {@code ./epimetheus} launcher maps Prometheus's {@code --web.*} flags onto them.
 */
@ObjectClassDefinition(id = HttpSettings.PID, name = "Epimetheus HTTP API",
        description = "The Prometheus HTTP API, federation, /metrics and web security settings")
public @interface HttpSettings {

    /** The configuration PID. */
    String PID = "io.epimetheus.http";

    @AttributeDefinition(name = "Enable lifecycle API",
            description = "--web.enable-lifecycle: allow POST/PUT /-/reload and /-/quit")
    boolean enable_lifecycle() default false;

    @AttributeDefinition(name = "Enable admin API",
            description = "--web.enable-admin-api: allow /api/v1/admin/tsdb/{delete_series,clean_tombstones,snapshot}")
    boolean enable_admin_api() default false;

    @AttributeDefinition(name = "Enable remote-write receiver",
            description = "--web.enable-remote-write-receiver: accept POST /api/v1/write")
    boolean enable_remote_write_receiver() default false;

    @AttributeDefinition(name = "Web configuration file",
            description = "--web.config.file: exporter-toolkit web.config.yml with tls_server_config, "
                    + "basic_auth_users and http_server_config; empty for none")
    String web_config_file() default "";

    @AttributeDefinition(name = "CORS origin",
            description = "--web.cors.origin: regex of origins allowed to call the API from a browser, fully anchored")
    String cors_origin() default ".*";

    @AttributeDefinition(name = "Maximum points per series",
            description = "A range query is refused when (end - start) / step exceeds this (Prometheus: 11000)")
    int query_max_points_per_series() default 11000;

    @AttributeDefinition(name = "Lookback delta",
            description = "--query.lookback-delta: how far back /federate looks for a series' latest sample")
    String query_lookback_delta() default "5m";
}
