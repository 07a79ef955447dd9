package io.epimetheus.api.scrape;

/** The health of a target after its last scrape, with the words the targets API uses. */
public enum TargetHealth {
    /** The last scrape succeeded. */
    UP("up"),
    /** The last scrape failed. */
    DOWN("down"),
    /** Not scraped yet. */
    UNKNOWN("unknown");

    private final String text;

    TargetHealth(String text) {
        this.text = text;
    }

    /** The word used by the targets API. */
    public String text() {
        return text;
    }
}
