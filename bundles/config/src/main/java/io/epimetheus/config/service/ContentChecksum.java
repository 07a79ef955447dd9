package io.epimetheus.config.service;

import io.epimetheus.api.config.FileGlob;
import io.epimetheus.api.config.PrometheusConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A digest of the configuration file and the files it references ({@code scrape_config_files},
 * {@code rule_files}), as Prometheus's auto-reload compares: the configuration is reloaded only
 * when one of them changed.
 */
final class ContentChecksum {

    private final byte[] digest;

    private ContentChecksum(byte[] digest) {
        this.digest = digest;
    }

    static ContentChecksum of(Path file, PrometheusConfig config) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
        List<String> files = new ArrayList<>();
        files.add(file.toString());
        for (String glob : config.scrapeConfigFiles()) {
            FileGlob.expand(glob).forEach(p -> files.add(p.toString()));
        }
        for (String glob : config.ruleFiles()) {
            FileGlob.expand(glob).forEach(p -> files.add(p.toString()));
        }
        for (String f : files) {
            md.update(f.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            try {
                md.update(Files.readAllBytes(Path.of(f)));
            } catch (IOException e) {
                md.update((byte) 1); // unreadable: changes when it becomes readable
            }
        }
        return new ContentChecksum(md.digest());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContentChecksum c && Arrays.equals(c.digest, digest);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digest);
    }
}
