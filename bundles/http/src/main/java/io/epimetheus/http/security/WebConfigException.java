package io.epimetheus.http.security;

/** A web configuration file that cannot be used; the message names the file and the problem. */
public final class WebConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    WebConfigException(String message) {
        super(message);
    }

    WebConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
