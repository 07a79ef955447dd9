package io.epimetheus.api.config;

/**
 * The {@code runtime} section. Prometheus tunes Go's garbage collector with it; it is accepted so
 * existing files load, and has no effect on a JVM.
 *
 * @param gogc the Go GC percentage as configured, 0 when not set
 */
public record RuntimeConfig(int gogc) {

    /** Not configured. */
    public static final RuntimeConfig DEFAULT = new RuntimeConfig(0);
}
