package io.epimetheus.api.config;

import java.util.Objects;

/**
 * A secret configuration value (password, token, key). Its {@link #toString()} is {@code <secret>},
 * as Prometheus prints secrets, so configurations can be logged and shown safely.
 *
 * @param value the secret text
 */
public record Secret(String value) {
    public Secret {
        Objects.requireNonNull(value, "value");
    }

    /** Whether the secret is the empty string (not configured). */
    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return "<secret>";
    }
}
