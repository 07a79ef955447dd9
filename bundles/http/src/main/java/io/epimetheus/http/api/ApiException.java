package io.epimetheus.http.api;

import io.epimetheus.api.query.ErrorType;

/** An API call that fails with one of Prometheus's error types; the message becomes {@code error}. */
final class ApiException extends Exception {

    private static final long serialVersionUID = 1L;

    private final ErrorType type;
    private final int httpStatus;

    ApiException(ErrorType type, String message) {
        this(type, message, type.httpStatus());
    }

    /** An error answered with another HTTP status than its type's usual one, where Prometheus does so. */
    ApiException(ErrorType type, String message, int httpStatus) {
        super(message, null, false, false);
        this.type = type;
        this.httpStatus = httpStatus;
    }

    ErrorType type() {
        return type;
    }

    int httpStatus() {
        return httpStatus;
    }

    /** Prometheus's wording for a bad parameter: {@code invalid parameter "name": reason}. */
    static ApiException invalidParam(String name, String reason) {
        return new ApiException(ErrorType.BAD_DATA, "invalid parameter \"" + name + "\": " + reason);
    }

    static ApiException badData(String message) {
        return new ApiException(ErrorType.BAD_DATA, message);
    }

    /** The service an endpoint needs is not bound: name it and the feature that provides it. */
    static ApiException unavailable(String service, String feature) {
        return new ApiException(ErrorType.UNAVAILABLE, "no " + service + " is available (feature:install " + feature + ")");
    }
}
