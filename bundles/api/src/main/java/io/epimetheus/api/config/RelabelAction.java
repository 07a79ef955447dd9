package io.epimetheus.api.config;

/** The relabeling actions, with their spelling in {@code prometheus.yml}. */
public enum RelabelAction {
    /** Set {@code target_label} to the expanded {@code replacement} when {@code regex} matches. */
    REPLACE("replace"),
    /** Drop the target unless {@code regex} matches the source value. */
    KEEP("keep"),
    /** Drop the target when {@code regex} matches the source value. */
    DROP("drop"),
    /** Drop the target unless the source value equals the value of {@code target_label}. */
    KEEPEQUAL("keepequal"),
    /** Drop the target when the source value equals the value of {@code target_label}. */
    DROPEQUAL("dropequal"),
    /** Set {@code target_label} to a hash of the source value modulo {@code modulus}. */
    HASHMOD("hashmod"),
    /** Copy labels whose name matches {@code regex} to the name given by {@code replacement}. */
    LABELMAP("labelmap"),
    /** Remove labels whose name matches {@code regex}. */
    LABELDROP("labeldrop"),
    /** Remove labels whose name does not match {@code regex}. */
    LABELKEEP("labelkeep"),
    /** Set {@code target_label} to the lower-cased source value. */
    LOWERCASE("lowercase"),
    /** Set {@code target_label} to the upper-cased source value. */
    UPPERCASE("uppercase");

    private final String text;

    RelabelAction(String text) {
        this.text = text;
    }

    /** The spelling in configuration files. */
    public String text() {
        return text;
    }

    /** The action for a configuration word (case-insensitive, as Prometheus), or {@code null}. */
    public static RelabelAction ofText(String word) {
        for (RelabelAction a : values()) {
            if (a.text.equalsIgnoreCase(word)) {
                return a;
            }
        }
        return null;
    }
}
