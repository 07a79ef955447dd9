package io.epimetheus.tsdb.tool;

import io.epimetheus.api.config.PromDuration;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code epimetheus tsdb ...}: offline TSDB tools that run without a server, like {@code promtool
 * tsdb}:
 *
 * <pre>
 * create-blocks-from openmetrics [--max-block-duration=2h] &lt;input file&gt; [&lt;output dir&gt;]
 * analyze [--limit=20] &lt;data dir&gt; [&lt;block id&gt;]
 * list &lt;data dir&gt;
 * </pre>
 */
public final class TsdbTool {

    private static final String USAGE = """
            usage: epimetheus tsdb <command> [<args>]

            commands:
              create-blocks-from openmetrics [--max-block-duration=2h] <input file> [<output dir>]
                  Import samples from an OpenMetrics file (every sample with a timestamp) into
                  blocks; the output directory defaults to ./data.
              analyze [--limit=20] <data dir> [<block id>]
                  Cardinality statistics of a block (the newest by default).
              list <data dir>
                  The blocks of a data directory.
            """;

    private TsdbTool() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command; returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> pos = new ArrayList<>();
        String maxBlock = "2h";
        int limit = 20;
        for (String a : args) {
            if (a.startsWith("--max-block-duration=")) {
                maxBlock = a.substring("--max-block-duration=".length());
            } else if (a.startsWith("--limit=")) {
                try {
                    limit = Integer.parseInt(a.substring("--limit=".length()));
                } catch (NumberFormatException e) {
                    err.println("--limit must be a number, got " + a.substring(8));
                    return 2;
                }
            } else if (a.equals("-h") || a.equals("--help")) {
                out.print(USAGE);
                return 0;
            } else if (a.startsWith("--")) {
                err.println("unknown flag " + a);
                err.print(USAGE);
                return 2;
            } else {
                pos.add(a);
            }
        }
        if (pos.isEmpty()) {
            err.print(USAGE);
            return 2;
        }
        try {
            switch (pos.get(0)) {
                case "create-blocks-from" -> {
                    if (pos.size() < 3 || pos.size() > 4 || !pos.get(1).equals("openmetrics")) {
                        err.println("usage: create-blocks-from openmetrics <input file> [<output dir>]");
                        return 2;
                    }
                    long duration = PromDuration.parse(maxBlock);
                    if (duration <= 0 || duration % 3_600_000 != 0) {
                        err.println("--max-block-duration must be a positive number of hours, got " + maxBlock);
                        return 2;
                    }
                    Path in = Path.of(pos.get(2));
                    Path outDir = Path.of(pos.size() == 4 ? pos.get(3) : "data");
                    Backfill.Result r = Backfill.run(Files.readAllBytes(in), outDir, duration, out);
                    out.println("Wrote " + r.blocks().size() + " blocks with " + r.samples() + " samples of "
                            + r.series() + " series to " + outDir.toAbsolutePath());
                    return 0;
                }
                case "analyze" -> {
                    if (pos.size() < 2 || pos.size() > 3) {
                        err.println("usage: analyze [--limit=20] <data dir> [<block id>]");
                        return 2;
                    }
                    Analyze.analyze(Path.of(pos.get(1)), pos.size() == 3 ? pos.get(2) : null, limit, out);
                    return 0;
                }
                case "list" -> {
                    if (pos.size() != 2) {
                        err.println("usage: list <data dir>");
                        return 2;
                    }
                    Analyze.list(Path.of(pos.get(1)), out);
                    return 0;
                }
                default -> {
                    err.println("unknown command \"" + pos.get(0) + "\"");
                    err.print(USAGE);
                    return 2;
                }
            }
        } catch (IOException | RuntimeException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }
}
