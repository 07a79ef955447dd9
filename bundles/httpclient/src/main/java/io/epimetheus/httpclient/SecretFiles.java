package io.epimetheus.httpclient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the files of secrets, credentials, headers and certificates on use, as Prometheus does, so
 * a rotated file takes effect without a reload; errors read like Go's.
 */
final class SecretFiles {

    private SecretFiles() {
    }

    /**
     * The content of {@code file} without surrounding white space.
     *
     * @throws HttpException {@code unable to read file <f>: open <f>: no such file or directory}
     */
    static String read(String file) throws HttpException {
        return readRaw(file, "unable to read file " + file + ": ").strip();
    }

    /**
     * The content of {@code file}, as is.
     *
     * @param prefix what the error message starts with
     */
    static String readRaw(String file, String prefix) throws HttpException {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HttpException(prefix + osError(file, e));
        }
    }

    /** Go's wording of a failed open or read of {@code file}. */
    static String osError(String file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return "open " + file + ": no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "open " + file + ": permission denied";
        }
        if (Files.isDirectory(Path.of(file))) {
            return "read " + file + ": is a directory";
        }
        return "read " + file + ": " + e.getMessage();
    }
}
