package io.epimetheus.shell.tsdb;

import io.epimetheus.api.storage.StorageAdmin;
import io.epimetheus.shell.MissingService;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code epi:tsdb-status}: head statistics, persisted blocks, the WAL replay and the cardinality
 * lists of {@code /api/v1/status/tsdb}.
 */
@Service
@Command(scope = "epi", name = "tsdb-status",
        description = "Shows the TSDB head, blocks, WAL replay and the series cardinality top-N")
public class TsdbStatusCommand implements Action {

    @Reference(optional = true)
    StorageAdmin admin;

    @Option(name = "--limit", aliases = "-n", description = "Entries per cardinality list (default 10)")
    int limit = 10;

    @Override
    public Object execute() {
        if (admin == null) {
            MissingService.report("StorageAdmin", "epimetheus-tsdb");
            return null;
        }
        StorageAdmin.StorageInfo info = admin.info();
        StorageAdmin.TsdbStatus st = admin.status(limit);
        StorageAdmin.HeadStats h = st.headStats();
        System.out.println("Data directory: " + info.dataDirectory() + " (retention " + info.retention() + ")");
        System.out.println("Head: " + h.numSeries() + " series, " + h.chunkCount() + " chunks, " + h.numLabelPairs()
                + " label pairs, from " + TsdbFormat.time(h.minTime()) + " to " + TsdbFormat.time(h.maxTime()));
        StorageAdmin.WalReplayStatus w = admin.walReplay();
        System.out.println("WAL replay: " + w.series() + " series, " + w.samples() + " samples in "
                + TsdbFormat.duration(w.durationMillis())
                + (w.corruption() == null ? "" : "; repaired corruption, " + w.bytesDropped() + " bytes dropped: " + w.corruption()));
        System.out.println();
        List<StorageAdmin.BlockInfo> blocks = admin.blocks();
        ShellTable bt = new ShellTable();
        bt.column("Block ULID");
        bt.column("Min time");
        bt.column("Max time");
        bt.column("Duration");
        bt.column("Samples").alignRight();
        bt.column("Chunks").alignRight();
        bt.column("Series").alignRight();
        bt.column("Level").alignRight();
        bt.column("Size").alignRight();
        long total = 0;
        for (StorageAdmin.BlockInfo b : blocks) {
            total += b.sizeBytes();
            bt.addRow().addContent(b.ulid(), TsdbFormat.time(b.minTime()), TsdbFormat.time(b.maxTime()),
                    TsdbFormat.duration(b.maxTime() - b.minTime()), b.numSamples(), b.numChunks(), b.numSeries(),
                    b.level(), TsdbFormat.bytes(b.sizeBytes()));
        }
        System.out.println(blocks.size() + " blocks, " + TsdbFormat.bytes(total));
        if (!blocks.isEmpty()) {
            bt.print(System.out);
        }
        stats("Series count by metric name", st.seriesCountByMetricName());
        stats("Label value count by label name", st.labelValueCountByLabelName());
        stats("Memory in bytes by label name", st.memoryInBytesByLabelName());
        stats("Series count by label value pair", st.seriesCountByLabelValuePair());
        return null;
    }

    private static void stats(String title, List<StorageAdmin.Stat> stats) {
        System.out.println();
        System.out.println(title + ":");
        ShellTable t = new ShellTable();
        t.column("Name");
        t.column("Count").alignRight();
        for (StorageAdmin.Stat s : stats) {
            t.addRow().addContent(s.name(), s.value());
        }
        t.print(System.out);
    }
}
