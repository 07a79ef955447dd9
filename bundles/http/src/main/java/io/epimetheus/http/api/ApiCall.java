package io.epimetheus.http.api;

import io.epimetheus.http.connection.ConnectionWatcher;
import javax.servlet.http.HttpServletRequest;

/**
 * One request to the API: its parameters, the path parameter of routes such as {@code
 * /label/<name>/values}, the services and the settings in effect, and a watch on its client.
 */
final class ApiCall {

    private final HttpServletRequest request;
    private final Params params;
    private final String pathParam;
    private final ApiServices services;
    private final ApiConfig config;
    private final ConnectionWatcher connections;

    ApiCall(HttpServletRequest request, String pathParam, ApiServices services, ApiConfig config,
            ConnectionWatcher connections) {
        this.request = request;
        this.params = new Params(request);
        this.pathParam = pathParam;
        this.services = services;
        this.config = config;
        this.connections = connections;
    }

    /** Runs {@code onGone} if the client goes away before the returned watch is closed. */
    ConnectionWatcher.Watch watchClient(Runnable onGone) {
        return connections.watch(request, onGone);
    }

    HttpServletRequest request() {
        return request;
    }

    Params params() {
        return params;
    }

    String pathParam() {
        return pathParam;
    }

    ApiServices services() {
        return services;
    }

    ApiConfig config() {
        return config;
    }
}
