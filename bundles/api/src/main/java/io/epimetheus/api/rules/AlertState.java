package io.epimetheus.api.rules;

/** The state of an alert or alerting rule, with the words of the API. */
public enum AlertState {
    INACTIVE("inactive"),
    PENDING("pending"),
    FIRING("firing");

    private final String text;

    AlertState(String text) {
        this.text = text;
    }

    /** The word used by {@code /api/v1/rules} and {@code /api/v1/alerts}. */
    public String text() {
        return text;
    }
}
