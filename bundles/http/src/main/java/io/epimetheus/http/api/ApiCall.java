package io.epimetheus.http.api;

import javax.servlet.http.HttpServletRequest;

/**
 * One request to the API: its parameters, the path parameter of routes such as {@code
 * /label/<name>/values}, the services and the settings in effect.
 */
final class ApiCall {

    private final HttpServletRequest request;
    private final Params params;
    private final String pathParam;
    private final ApiServices services;
    private final ApiConfig config;

    ApiCall(HttpServletRequest request, String pathParam, ApiServices services, ApiConfig config) {
        this.request = request;
        this.params = new Params(request);
        this.pathParam = pathParam;
        this.services = services;
        this.config = config;
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
