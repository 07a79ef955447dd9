package io.epimetheus.api.config;

/**
 * An invalid configuration. The message says what is wrong and what is accepted; {@link #file()}
 * and {@link #line()} say where, when known. {@link #getMessage()} is prefixed with the location
 * the way Prometheus reports it ({@code file: line N: ...}).
 */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String problem;

    /** A problem without a known location (yet). */
    public ConfigException(String problem) {
        this(null, 0, problem, null);
    }

    /**
     * A problem at a location.
     *
     * @param file the file, or {@code null}
     * @param line the 1-based line, or {@code 0} when unknown
     * @param problem what is wrong
     * @param cause the underlying error, or {@code null}
     */
    public ConfigException(String file, int line, String problem, Throwable cause) {
        super(format(file, line, problem), cause);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    /** The same problem located in {@code file} at {@code line}, unless already located. */
    public ConfigException at(String file, int line) {
        if (this.file != null) {
            return this;
        }
        return new ConfigException(file, line > 0 ? line : this.line, problem, getCause());
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    /** The message without location. */
    public String problem() {
        return problem;
    }

    private static String format(String file, int line, String problem) {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file).append(": ");
        }
        if (line > 0) {
            sb.append("line ").append(line).append(": ");
        }
        return sb.append(problem).toString();
    }
}
