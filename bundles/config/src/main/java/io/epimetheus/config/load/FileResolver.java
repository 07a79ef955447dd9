package io.epimetheus.config.load;

import java.nio.file.Path;

/** Resolves relative file paths in a configuration against the configuration file's directory. */
record FileResolver(Path dir) {

    /** {@code path} joined to the directory; empty and absolute paths unchanged. */
    String resolve(String path) {
        if (path.isEmpty() || Path.of(path).isAbsolute()) {
            return path;
        }
        return dir.resolve(path).normalize().toString();
    }
}
