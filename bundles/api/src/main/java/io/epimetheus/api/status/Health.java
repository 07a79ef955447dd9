package io.epimetheus.api.status;

import java.util.Objects;

/**
 * A health report.
 *
 * @param healthy whether the component works as it should
 * @param detail a short human-readable explanation (e.g. {@code "WAL replay 40%"}), or {@code ""}
 */
public record Health(boolean healthy, String detail) {

    /** Healthy, nothing to add. */
    public static final Health OK = new Health(true, "");

    public Health {
        Objects.requireNonNull(detail, "detail");
    }

    /** Unhealthy for the given reason. */
    public static Health unhealthy(String reason) {
        return new Health(false, reason);
    }
}
