package io.epimetheus.config.load;

import io.epimetheus.api.config.ConfigException;

/** Builds configuration errors located at a line of the file being loaded (the file is added later). */
final class Errors {

    private Errors() {
    }

    static ConfigException at(int line, String problem) {
        return new ConfigException(null, line, problem, null);
    }
}
