package io.epimetheus.api.status;

/**
 * Optionally implemented by any SPI service object to report its health, which {@code epi:status}
 * and readiness checks show. A service that does not implement it is considered healthy while its
 * bundle is active. Must be cheap and thread-safe.
 */
public interface HealthCheck {

    /** The current health. */
    Health health();
}
