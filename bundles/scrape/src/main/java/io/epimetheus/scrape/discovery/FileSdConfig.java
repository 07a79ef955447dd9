package io.epimetheus.scrape.discovery;

import io.epimetheus.api.config.ConfigException;
import io.epimetheus.api.config.PromDuration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One {@code file_sd_configs} entry: file patterns (absolute after resolution; {@code *} only in
 * the last path element; extension {@code .json}, {@code .yml} or {@code .yaml}) and the refresh
 * interval (5m by default).
 *
 * @param files the patterns, resolved against the configuration directory
 * @param refreshInterval how often the files are re-read even without change events
 */
record FileSdConfig(List<String> files, Duration refreshInterval) {

    static final Duration DEFAULT_REFRESH = Duration.ofMinutes(5);

    static FileSdConfig parse(Map<String, Object> raw, Path configDir) {
        List<String> files = new ArrayList<>();
        Duration refresh = DEFAULT_REFRESH;
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            Object v = e.getValue();
            switch (e.getKey()) {
                case "files" -> {
                    if (v instanceof List<?> list) {
                        for (Object f : list) {
                            if (!(f instanceof String s)) {
                                throw new ConfigException("'files' must be a list of file paths, got " + f);
                            }
                            files.add(s);
                        }
                    } else if (v != null) {
                        throw new ConfigException("'files' must be a list of file paths, got " + v);
                    }
                }
                case "refresh_interval" -> {
                    if (v != null) {
                        try {
                            refresh = Duration.ofMillis(PromDuration.parse(v.toString()));
                        } catch (IllegalArgumentException ex) {
                            throw new ConfigException(ex.getMessage());
                        }
                    }
                }
                default -> throw new ConfigException("field " + e.getKey() + " not found in type file.plain");
            }
        }
        if (files.isEmpty()) {
            throw new ConfigException("file service discovery config must contain at least one path name");
        }
        List<String> resolved = new ArrayList<>(files.size());
        for (String name : files) {
            if (!isValidPattern(name)) {
                throw new ConfigException("path name \"" + name + "\" is not valid for file discovery");
            }
            Path p = Path.of(name);
            resolved.add(p.isAbsolute() ? name : configDir.resolve(p).normalize().toString());
        }
        if (refresh.isZero() || refresh.isNegative()) {
            refresh = DEFAULT_REFRESH;
        }
        return new FileSdConfig(List.copyOf(resolved), refresh);
    }

    /** Prometheus's rule: at most one {@code *}, in the last path element; a JSON or YAML extension. */
    static boolean isValidPattern(String name) {
        int star = name.indexOf('*');
        if (star >= 0 && (name.indexOf('*', star + 1) >= 0 || name.indexOf('/', star) >= 0)) {
            return false;
        }
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot < star) {
            return false;
        }
        String ext = name.substring(dot + 1);
        return switch (ext) {
            case "json", "yml", "yaml", "JSON", "YML", "YAML" -> true;
            default -> false;
        };
    }
}
