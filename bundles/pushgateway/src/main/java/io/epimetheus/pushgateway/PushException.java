package io.epimetheus.pushgateway;

/** A push or delete that is refused, with the HTTP status and the message the client gets. */
final class PushException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    PushException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
