package io.epimetheus.api.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Expands file globs like Go's {@code filepath.Glob}, as {@code rule_files},
 * {@code scrape_config_files} and {@code file_sd_configs} use them: {@code *}, {@code ?} and
 * {@code [...]} match within one path element; a pattern without them names one file, returned only
 * if it exists. Results are sorted.
 */
public final class FileGlob {

    private FileGlob() {
    }

    /** The existing files matching {@code pattern}, sorted. */
    public static List<Path> expand(String pattern) {
        Path p = Path.of(pattern);
        if (!hasMeta(pattern)) {
            return Files.exists(p) ? List.of(p) : List.of();
        }
        List<Path> current = new ArrayList<>();
        Path root = p.getRoot();
        current.add(root != null ? root : Path.of(""));
        for (Path element : p) {
            String part = element.toString();
            List<Path> next = new ArrayList<>();
            for (Path dir : current) {
                if (!hasMeta(part)) {
                    Path child = dir.resolve(part);
                    if (Files.exists(child)) {
                        next.add(child);
                    }
                    continue;
                }
                Path listDir = dir.toString().isEmpty() ? Path.of(".") : dir;
                if (!Files.isDirectory(listDir)) {
                    continue;
                }
                PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + part);
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(listDir)) {
                    for (Path child : ds) {
                        if (m.matches(child.getFileName())) {
                            next.add(dir.resolve(child.getFileName()));
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            current = next;
        }
        try (Stream<Path> s = current.stream()) {
            return s.sorted().toList();
        }
    }

    /** Whether the pattern contains glob metacharacters. */
    public static boolean hasMeta(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0 || pattern.indexOf('[') >= 0;
    }
}
