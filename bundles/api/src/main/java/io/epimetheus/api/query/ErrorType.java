package io.epimetheus.api.query;

/** The {@code errorType} values of the Prometheus HTTP API, with their usual HTTP status. */
public enum ErrorType {
    BAD_DATA("bad_data", 400),
    EXECUTION("execution", 422),
    TIMEOUT("timeout", 503),
    /** A query cancelled because its client went away: 499, "client closed request", as Prometheus 3. */
    CANCELED("canceled", 499),
    UNAVAILABLE("unavailable", 503),
    NOT_FOUND("not_found", 404),
    INTERNAL("internal", 500);

    private final String json;
    private final int httpStatus;

    ErrorType(String json, int httpStatus) {
        this.json = json;
        this.httpStatus = httpStatus;
    }

    /** The value of the API's {@code errorType} field. */
    public String json() {
        return json;
    }

    /** The HTTP status Prometheus answers with for this error type. */
    public int httpStatus() {
        return httpStatus;
    }
}
