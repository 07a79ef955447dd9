package io.epimetheus.api.rules;

/** The outcome of a rule's last evaluation, with the words of the API. */
public enum RuleHealth {
    /** Not evaluated yet. */
    UNKNOWN("unknown"),
    /** The last evaluation succeeded. */
    OK("ok"),
    /** The last evaluation failed. */
    ERR("err");

    private final String text;

    RuleHealth(String text) {
        this.text = text;
    }

    /** The word used by {@code /api/v1/rules}. */
    public String text() {
        return text;
    }
}
