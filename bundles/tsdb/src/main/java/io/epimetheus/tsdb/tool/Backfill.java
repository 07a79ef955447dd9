package io.epimetheus.tsdb.tool;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.api.storage.AppendException;
import io.epimetheus.api.storage.Appender;
import io.epimetheus.api.storage.SeriesSet;
import io.epimetheus.expfmt.ExpositionFormat;
import io.epimetheus.expfmt.ExpositionParseException;
import io.epimetheus.expfmt.ExpositionParser;
import io.epimetheus.expfmt.ParseOptions;
import io.epimetheus.tsdb.block.BlockMeta;
import io.epimetheus.tsdb.block.Ulid;
import io.epimetheus.tsdb.compact.BlockWriter;
import io.epimetheus.tsdb.head.Head;
import io.epimetheus.tsdb.head.HeadQuerier;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code create-blocks-from openmetrics}: turns an OpenMetrics file into blocks, as promtool does.
 * Every sample needs a timestamp. A first pass finds the time range; then, per block range
 * (aligned to the block duration), a pass over the file collects that range's samples into an
 * in-memory head, written out as one block.
 */
public final class Backfill {

    /** What a backfill wrote. */
    public record Result(List<Path> blocks, long samples, long series) {
    }

    private Backfill() {
    }

    /** Backfills {@code body} (a whole OpenMetrics document) into blocks in {@code outDir}. */
    public static Result run(byte[] body, Path outDir, long blockDuration, PrintStream log) throws IOException {
        ExpositionParser p = ExpositionFormat.OPENMETRICS.newParser(ParseOptions.DEFAULT);
        long mint = Long.MAX_VALUE;
        long maxt = Long.MIN_VALUE;
        LabelsBuilder lb = new LabelsBuilder();
        p.reset(body, body.length);
        while (true) {
            ExpositionParser.Entry e = next(p);
            if (e == ExpositionParser.Entry.END) {
                break;
            }
            if (e == ExpositionParser.Entry.SERIES) {
                if (!p.hasTimestamp()) {
                    p.labels(lb);
                    throw new IllegalArgumentException("expected timestamp for series " + lb.build() + ", got none");
                }
                mint = Math.min(mint, p.timestamp());
                maxt = Math.max(maxt, p.timestamp());
            }
        }
        if (maxt == Long.MIN_VALUE) {
            throw new IllegalArgumentException("no samples in the input");
        }
        Files.createDirectories(outDir);
        List<Path> blocks = new ArrayList<>();
        long samples = 0;
        Set<Labels> allSeries = new HashSet<>();
        for (long t = Math.floorDiv(mint, blockDuration) * blockDuration; t <= maxt; t += blockDuration) {
            long lo = t;
            long hi = t + blockDuration;
            Head head = new Head(blockDuration, null);
            head.acceptAnyTime();
            Appender app = head.appender();
            int pending = 0;
            long inRange = 0;
            java.util.Map<Labels, long[]> lastT = new java.util.HashMap<>();
            p.reset(body, body.length);
            while (true) {
                ExpositionParser.Entry e = next(p);
                if (e == ExpositionParser.Entry.END) {
                    break;
                }
                if (e != ExpositionParser.Entry.SERIES || p.timestamp() < lo || p.timestamp() >= hi) {
                    continue;
                }
                p.labels(lb);
                Labels l = lb.build();
                long[] last = lastT.computeIfAbsent(l, k -> new long[] {Long.MIN_VALUE});
                if (p.timestamp() <= last[0]) {
                    throw new IllegalArgumentException("series " + l + ": out of order sample at " + p.timestamp()
                            + " after " + last[0] + " (samples of a series must be in increasing time order)");
                }
                last[0] = p.timestamp();
                try {
                    app.append(0, l, p.timestamp(), p.value());
                } catch (AppendException ex) {
                    throw new IllegalArgumentException("series " + l + " at " + p.timestamp() + ": " + ex.getMessage()
                            + " (samples of a series must be in time order)", ex);
                }
                allSeries.add(l);
                inRange++;
                if (++pending == 10_000) {
                    app.commit();
                    app = head.appender();
                    pending = 0;
                }
            }
            app.commit();
            if (inRange == 0) {
                continue;
            }
            Set<String> symbols = new HashSet<>();
            for (String name : head.labelNames()) {
                symbols.add(name);
                symbols.addAll(head.sortedValues(name, ""));
            }
            String ulid = Ulid.next();
            BlockMeta meta = new BlockMeta(ulid, lo, hi, 0, 0, 0, 0, 1, List.of(ulid), List.of(), false);
            Path dir = BlockWriter.write(outDir, symbols, () -> new SeriesSet[] {
                HeadQuerier.forCompaction(head, lo, hi - 1).select(true, null)}, meta);
            if (dir != null) {
                blocks.add(dir);
                samples += inRange;
                log.println("BLOCK ULID " + ulid + " MIN TIME " + lo + " MAX TIME " + hi + " SAMPLES " + inRange);
            }
        }
        return new Result(blocks, samples, allSeries.size());
    }

    private static ExpositionParser.Entry next(ExpositionParser p) {
        try {
            return p.next();
        } catch (ExpositionParseException e) {
            throw new IllegalArgumentException("parse error: " + e.getMessage(), e);
        }
    }
}
