package io.epimetheus.http.selector;

/** A series selector that does not parse; the message is PromQL's ({@code 1:5: parse error: ...}). */
public final class SelectorException extends Exception {

    private static final long serialVersionUID = 1L;

    SelectorException(String message) {
        super(message, null, false, false);
    }
}
