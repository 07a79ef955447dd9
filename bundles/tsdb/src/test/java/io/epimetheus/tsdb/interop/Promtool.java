package io.epimetheus.tsdb.interop;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's {@code promtool}. Tests using it are skipped when it is not installed, unless the
 * system property {@code interop.required} is {@code true}, in which case they fail.
 */
final class Promtool {

    private Promtool() {
    }

    static Path find() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, "promtool");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** The promtool binary, or a skipped (or failed, when required) test. */
    static Path require() {
        Path p = find();
        if (p == null && Boolean.getBoolean("interop.required")) {
            throw new AssertionError("promtool is not installed but interop.required=true (apt-get install prometheus)");
        }
        assumeTrue(p != null, "promtool not installed; skipping interop test");
        return p;
    }

    /** Runs promtool with {@code args}; returns stdout; fails with stderr on a non-zero exit. */
    static String run(Path promtool, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(promtool.toString());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("promtool", ".out");
        Path err = Files.createTempFile("promtool", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("promtool " + String.join(" ", args) + " timed out");
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new AssertionError("promtool " + String.join(" ", args) + " exited " + p.exitValue() + ": "
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return stdout;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
