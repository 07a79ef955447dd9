package io.epimetheus.remote.testing;

import io.epimetheus.api.storage.WriteAheadLog;
import io.epimetheus.tsdb.TsdbOptions;
import io.epimetheus.tsdb.format.wal.WalFormat;
import io.epimetheus.tsdb.wal.WalHolds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A WAL directory that tests write with the format library's writer, offered as the service the
 * TSDB registers; holds are the TSDB's own bookkeeping ({@link WalHolds}), so tests can see what a
 * follower holds.
 */
public final class DirectoryWal implements WriteAheadLog {

    private final Path dir;
    private final WalHolds holds = new WalHolds(TsdbOptions.DEFAULT_WAL_HOLD_MAX);

    public DirectoryWal(Path dir) {
        this.dir = dir;
    }

    /** The followers' holds. */
    public WalHolds holds() {
        return holds;
    }

    @Override
    public Path directory() {
        return dir;
    }

    @Override
    public Segments segments() {
        try {
            List<Integer> s = WalFormat.segments(dir);
            return s.isEmpty() ? Segments.NONE : new Segments(s.get(0), s.get(s.size() - 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Hold hold(String reader, int segment) {
        return holds.hold(reader, segment);
    }

    @Override
    public long maxHoldMillis() {
        return holds.maxHoldMillis();
    }
}
