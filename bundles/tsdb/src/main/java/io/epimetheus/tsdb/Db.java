package io.epimetheus.tsdb;

import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.storage.Appender;
import io.epimetheus.api.storage.Querier;
import io.epimetheus.api.storage.SeriesSet;
import io.epimetheus.api.storage.Storage;
import io.epimetheus.api.storage.StorageException;
import io.epimetheus.api.storage.WriteAheadLog;
import io.epimetheus.tsdb.block.Block;
import io.epimetheus.tsdb.block.BlockMeta;
import io.epimetheus.tsdb.block.BlockQuerier;
import io.epimetheus.tsdb.block.Ulid;
import io.epimetheus.tsdb.chunks.HeadChunkFiles;
import io.epimetheus.tsdb.compact.BlockWriter;
import io.epimetheus.tsdb.compact.Planner;
import io.epimetheus.tsdb.format.wal.ChannelOpener;
import io.epimetheus.tsdb.format.wal.WalCorruptionException;
import io.epimetheus.tsdb.format.wal.WalDir;
import io.epimetheus.tsdb.format.wal.WalFormat;
import io.epimetheus.tsdb.format.wal.WalReader;
import io.epimetheus.tsdb.format.wal.WalWriter;
import io.epimetheus.tsdb.head.Head;
import io.epimetheus.tsdb.head.HeadQuerier;
import io.epimetheus.tsdb.head.WalReplay;
import io.epimetheus.tsdb.index.IndexFile;
import io.epimetheus.tsdb.index.PostingsForMatchers;
import io.epimetheus.tsdb.querier.MergeQuerier;
import io.epimetheus.tsdb.wal.Checkpoint;
import io.epimetheus.tsdb.wal.WalHolds;
import io.epimetheus.tsdb.wal.WalRepair;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A database in one data directory, laid out as Prometheus's: block directories named by ULID,
 * {@code wal/} with segments and checkpoints, and the {@code lock} file. Opening takes the lock,
 * loads the blocks, replays the WAL into the head (repairing a torn or corrupt tail) and starts a
 * new WAL segment. {@link #compact()} cuts the head into blocks once it spans 1.5 block ranges,
 * compacts blocks into larger ones and applies retention; {@link #startBackground()} runs it every
 * minute. Closing syncs the WAL and releases the lock. As a {@link WriteAheadLog} it lets followers
 * (remote write) hold back the WAL's truncation.
 */
public final class Db implements Storage, WriteAheadLog, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Db.class.getName());
    private static final String DELETE_SUFFIX = ".tmp-for-deletion";
    private static final String CREATE_SUFFIX = ".tmp-for-creation";
    /**
     * How long head truncation waits for the queriers opened before the block it follows:
     * Prometheus's default query timeout.
     */
    static final long QUERIER_WAIT_MILLIS = 120_000;

    private final TsdbOptions opts;
    private final Path dir;
    private final DirLock lock;
    private final Head head;
    private final HeadChunkFiles chunkFiles;
    private final Path walDir;
    private final ReplayStatus replay;
    private final Planner planner;
    private final WalHolds walHolds;
    private final Object compactLock = new Object();
    private volatile List<Block> blocks;
    private volatile boolean closed;
    private ScheduledExecutorService background;

    /** Counters for self-metrics, named after Prometheus's. */
    public final DbStats stats = new DbStats();

    /** Database-level counters. */
    public static final class DbStats {
        public final LongAdder compactions = new LongAdder();
        public final LongAdder compactionsFailed = new LongAdder();
        public final LongAdder headCompactions = new LongAdder();
        public final LongAdder reloads = new LongAdder();
        public final LongAdder timeRetentions = new LongAdder();
        public final LongAdder sizeRetentions = new LongAdder();
        public final LongAdder checkpoints = new LongAdder();
        public final LongAdder checkpointsFailed = new LongAdder();
        public final LongAdder walTruncations = new LongAdder();
        public final LongAdder walCorruptions = new LongAdder();
        public final LongAdder compactionMillis = new LongAdder();
    }

    private Db(TsdbOptions opts, DirLock lock, Head head, HeadChunkFiles chunkFiles, List<Block> blocks,
            ReplayStatus replay) {
        this.opts = opts;
        this.chunkFiles = chunkFiles;
        this.dir = opts.dir();
        this.lock = lock;
        this.head = head;
        this.walDir = dir.resolve("wal");
        this.blocks = blocks;
        this.replay = replay;
        this.planner = new Planner(opts.minBlockDuration(), opts.maxBlockDuration());
        this.walHolds = new WalHolds(opts.effectiveWalHoldMillis());
        if (replay.corruption() != null) {
            stats.walCorruptions.increment();
        }
    }

    /** Opens (creating if needed) the database in {@code opts.dir()}. */
    public static Db open(TsdbOptions opts) throws IOException {
        return open(opts, ChannelOpener.DEFAULT);
    }

    /** As {@link #open(TsdbOptions)}, opening WAL segments through {@code walFiles} (tests inject failures). */
    public static Db open(TsdbOptions opts, ChannelOpener walFiles) throws IOException {
        Path dir = opts.dir();
        Files.createDirectories(dir);
        DirLock lock = DirLock.acquire(dir);
        HeadChunkFiles chunkFiles = null;
        try {
            List<Block> blocks = loadBlocks(dir);
            Head head = new Head(opts.minBlockDuration(), opts.outOfOrderWindow(), null);
            long maxBlockTime = Long.MIN_VALUE;
            for (Block b : blocks) {
                maxBlockTime = Math.max(maxBlockTime, b.maxTime());
            }
            head.setMinValidTime(maxBlockTime);
            Path walDir = dir.resolve("wal");
            Files.createDirectories(walDir);
            List<HeadChunkFiles.Found> mapped = new ArrayList<>();
            chunkFiles = HeadChunkFiles.open(dir.resolve("chunks_head"), HeadChunkFiles.DEFAULT_FILE_SIZE, mapped);
            head.useChunkFiles(chunkFiles);
            ReplayStatus status = replayWal(head, walDir, mapped);
            WalWriter w = new WalWriter(walDir, opts.walSegmentSize(), opts.walCompression(), opts.walSyncEveryCommit(),
                    walFiles);
            head.swapWal(w);
            return new Db(opts, lock, head, chunkFiles, blocks, status);
        } catch (IOException | RuntimeException e) {
            if (chunkFiles != null) {
                chunkFiles.close();
            }
            lock.close();
            throw e;
        }
    }

    /** Opens every complete block, finishing interrupted deletions and compactions first. */
    private static List<Block> loadBlocks(Path dir) throws IOException {
        List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (!Files.isDirectory(p)) {
                    continue;
                }
                if (n.endsWith(DELETE_SUFFIX) || n.endsWith(CREATE_SUFFIX)) {
                    FileUtil.deleteRecursively(p);
                } else if (Ulid.isValid(n) && Files.exists(p.resolve(BlockMeta.FILE))) {
                    candidates.add(p);
                }
            }
        }
        List<Block> blocks = new ArrayList<>();
        for (Path p : candidates) {
            blocks.add(Block.open(p));
        }
        // A block whose compacted child exists is left over from a crash after compaction.
        Set<String> parents = new HashSet<>();
        for (Block b : blocks) {
            for (BlockMeta.Parent p : b.meta().parents()) {
                parents.add(p.ulid());
            }
        }
        List<Block> live = new ArrayList<>();
        for (Block b : blocks) {
            if (parents.contains(b.ulid()) || b.meta().deletable()) {
                deleteBlockDir(b.dir());
            } else {
                live.add(b);
            }
        }
        live.sort(Comparator.comparingLong(Block::minTime));
        return List.copyOf(live);
    }

    private static void deleteBlockDir(Path p) throws IOException {
        Path tmp = p.resolveSibling(p.getFileName() + DELETE_SUFFIX);
        Files.move(p, tmp);
        FileUtil.deleteRecursively(tmp);
    }

    /** Replays checkpoint and segments; a corrupt record cuts the WAL there and replay ends. */
    private static ReplayStatus replayWal(Head head, Path walDir, List<HeadChunkFiles.Found> mapped)
            throws IOException {
        long start = System.nanoTime();
        List<Path> files = WalDir.replayFiles(walDir);
        WalReplay r = new WalReplay(head, mapped);
        long dropped = 0;
        String corruption = null;
        try (WalReader reader = new WalReader(files)) {
            r.replay(reader);
        } catch (WalCorruptionException e) {
            corruption = e.getMessage();
            dropped = WalRepair.repair(e.segment(), e.offset());
            LOG.log(Level.WARNING, "WAL repaired: " + e.getMessage() + "; truncated there, dropping " + dropped
                    + " bytes (" + r.result().records + " records before the damage were replayed)");
        } finally {
            r.finishReplay();
        }
        WalReplay.Result res = r.result();
        long millis = (System.nanoTime() - start) / 1_000_000;
        LOG.log(Level.INFO, "WAL replay completed: " + files.size() + " files, " + res.series + " series, "
                + res.samples + " samples, " + res.tombstones + " tombstones in " + millis + "ms");
        return new ReplayStatus(files.size(), res.records, res.series, res.samples, res.skippedUnknownSeries,
                millis, corruption, dropped);
    }

    /** How the WAL replay at open went. */
    public record ReplayStatus(int files, long records, long series, long samples, long unknownSeriesSamples,
            long durationMillis, String corruption, long bytesDropped) {
    }

    public ReplayStatus replayStatus() {
        return replay;
    }

    public TsdbOptions options() {
        return opts;
    }

    public Path dir() {
        return dir;
    }

    public Head head() {
        return head;
    }

    public Path walDir() {
        return walDir;
    }

    @Override
    public Path directory() {
        return walDir;
    }

    @Override
    public Segments segments() {
        int cur = currentWalSegment();
        if (cur < 0) {
            return Segments.NONE;
        }
        try {
            List<Integer> segs = WalFormat.segments(walDir);
            return new Segments(segs.isEmpty() ? cur : Math.min(segs.get(0), cur), cur);
        } catch (IOException e) {
            throw new StorageException("listing WAL segments in " + walDir + ": " + e.getMessage(), true, e);
        }
    }

    @Override
    public Hold hold(String reader, int segment) {
        return walHolds.hold(reader, segment);
    }

    @Override
    public long maxHoldMillis() {
        return walHolds.maxHoldMillis();
    }

    /** The followers' holds on WAL truncation. */
    public WalHolds walHolds() {
        return walHolds;
    }

    /** The blocks, oldest first. */
    public List<Block> blocks() {
        return blocks;
    }

    private void checkOpen() {
        if (closed) {
            throw new StorageException("storage is closed", true);
        }
    }

    @Override
    public Appender appender() {
        checkOpen();
        return head.appender();
    }

    @Override
    public Querier querier(long mint, long maxt) {
        checkOpen();
        // The head first: head compaction publishes a block, then waits for the head queriers
        // opened until then before dropping what the block holds; a querier opened later reads
        // the block list after that block is in it.
        HeadQuerier hq = new HeadQuerier(head, mint, maxt);
        List<Querier> qs = new ArrayList<>();
        try {
            for (Block b : blocks) {
                if (b.overlaps(mint, maxt)) {
                    qs.add(new BlockQuerier(b, mint, maxt));
                }
            }
        } catch (RuntimeException e) {
            hq.close();
            throw e;
        }
        qs.add(hq);
        return new MergeQuerier(qs);
    }

    @Override
    public long minTime() {
        List<Block> bs = blocks;
        long m = head.minTime();
        if (!bs.isEmpty()) {
            m = Math.min(m, bs.get(0).minTime());
        }
        return m;
    }

    // ---- compaction

    /** Runs {@link #compact()} every minute on a background thread until closed. */
    public synchronized void startBackground() {
        if (background != null || closed) {
            return;
        }
        background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "epimetheus-tsdb-compactor " + dir);
            t.setDaemon(true);
            return t;
        });
        background.scheduleWithFixedDelay(() -> {
            try {
                compact();
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    LOG.log(Level.ERROR, "compaction failed in " + dir + ": " + e, e);
                }
            }
        }, 1, 1, TimeUnit.MINUTES);
    }

    /**
     * Persists the head's old data as blocks, compacts blocks and applies retention. Returns the
     * number of blocks written.
     */
    public int compact() throws IOException {
        synchronized (compactLock) {
            checkOpen();
            int written = flushOutOfOrder(head.minValidTime());
            while (headCompactable()) {
                long cr = opts.minBlockDuration();
                long mint = Math.floorDiv(head.minTime(), cr) * cr;
                long maxt = mint + cr;
                if (compactHead(mint, maxt) != null) {
                    written++;
                }
            }
            while (true) {
                List<BlockMeta> plan = planner.plan(metas());
                if (plan.isEmpty()) {
                    break;
                }
                compactBlocks(plan);
                written++;
            }
            applyRetention();
            return written;
        }
    }

    private boolean headCompactable() {
        return !head.isEmpty() && head.maxTime() - head.minTime() > opts.minBlockDuration() / 2 * 3;
    }

    private List<BlockMeta> metas() {
        List<BlockMeta> out = new ArrayList<>();
        for (Block b : blocks) {
            out.add(b.meta());
        }
        return out;
    }

    /**
     * Writes the head's samples in {@code [mint, maxt)} as a block, then truncates the head and
     * the WAL before {@code maxt}. In-order appends before {@code maxt} stop first, and the block
     * is cut once the appenders that could still write there are done, so it holds whole commits
     * and loses none. The head keeps the data until the queriers opened before the block was
     * published have closed (or {@link #QUERIER_WAIT_MILLIS} passed).
     */
    public Block compactHead(long mint, long maxt) throws IOException {
        long start = System.nanoTime();
        head.stopAppendsBefore(maxt);
        try {
            while (!head.awaitAppenders(maxt, 60_000)) {
                LOG.log(Level.WARNING, "head compaction before " + maxt + " is waiting for appenders opened earlier "
                        + "to commit or roll back");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("head compaction interrupted waiting for appenders before " + maxt);
        }
        // Out-of-order samples go to their own blocks (the in-order block leaves them out).
        flushOutOfOrder(maxt);
        String ulid = Ulid.next();
        BlockMeta meta = new BlockMeta(ulid, mint, maxt, 0, 0, 0, 0, 1, List.of(ulid), List.of(), false);
        Block created = null;
        try {
            Path p = BlockWriter.write(dir, headSymbols(), () -> new SeriesSet[] {
                HeadQuerier.forCompaction(head, mint, maxt - 1).select(true, null)}, meta);
            if (p != null) {
                created = Block.open(p);
                addBlocks(List.of(created), List.of());
            }
        } catch (IOException | RuntimeException e) {
            stats.compactionsFailed.increment();
            throw e;
        }
        stats.headCompactions.increment();
        stats.compactions.increment();
        stats.compactionMillis.add((System.nanoTime() - start) / 1_000_000);
        awaitQueriers(head.minTime(), maxt, null);
        int segment = currentWalSegment();
        head.truncate(maxt, ref -> walHolds.seriesDropped(ref, segment));
        chunkFiles.deleteBefore(maxt);
        truncateWal(maxt);
        return created;
    }

    /**
     * Waits, at most {@link #QUERIER_WAIT_MILLIS}, for the queriers opened so far that read the
     * head in {@code [mint, maxt)}, {@code except} aside: they may not have the block just
     * published, whose data the head is about to drop.
     */
    private void awaitQueriers(long mint, long maxt, HeadQuerier except) throws InterruptedIOException {
        try {
            if (!head.awaitQueriers(head.querierMark(), mint, maxt - 1, except, QUERIER_WAIT_MILLIS)) {
                LOG.log(Level.WARNING, "head truncation before " + maxt + " went ahead after waiting "
                        + QUERIER_WAIT_MILLIS / 1000 + "s for queriers still open (not closed?); they may miss data");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("head truncation interrupted waiting for queriers before " + maxt);
        }
    }

    /**
     * Persists the head's out-of-order samples before {@code below} as level-1 blocks, one per
     * block range they fall in, then drops them from memory. Such blocks overlap others and are
     * merged into them by the next compactions. Only the samples of commits completed when the
     * flush starts are written and dropped: those of commits in progress stay for the next one,
     * whole. Returns the number of blocks written.
     */
    private int flushOutOfOrder(long below) throws IOException {
        if (head.oooWindow() == 0 || below == Long.MIN_VALUE) {
            return 0;
        }
        int n = 0;
        long cr = opts.minBlockDuration();
        try (HeadQuerier q = new HeadQuerier(head, Long.MIN_VALUE, below - 1)) {
            for (long w : head.oooWindowsBefore(below)) {
                long lo = w * cr;
                long hi = Math.min(lo + cr, below);
                String ulid = Ulid.next();
                BlockMeta meta = new BlockMeta(ulid, lo, lo + cr, 0, 0, 0, 0, 1, List.of(ulid), List.of(), false);
                Path p = BlockWriter.write(dir, headSymbols(), () -> new SeriesSet[] {q.selectOutOfOrder(lo, hi - 1)},
                        meta);
                if (p != null) {
                    addBlocks(List.of(Block.open(p)), List.of());
                    n++;
                }
            }
            if (n > 0) {
                stats.compactions.increment();
                awaitQueriers(Long.MIN_VALUE, below, q);
            }
            q.dropOutOfOrderBefore(below);
        }
        return n;
    }

    private Set<String> headSymbols() {
        Set<String> syms = new HashSet<>();
        for (String name : head.labelNames()) {
            syms.add(name);
            syms.addAll(head.sortedValues(name, ""));
        }
        return syms;
    }

    /**
     * Checkpoints the older two thirds of the WAL segments, as Prometheus does after head
     * truncation, but none that a follower still holds (within the hold's time bound).
     */
    private void truncateWal(long mint) throws IOException {
        int cur = head.withWal(w -> w == null ? -1 : w.nextSegment());
        if (cur < 0) {
            return;
        }
        List<Integer> segs = WalFormat.segments(walDir);
        if (segs.isEmpty()) {
            return;
        }
        int first = segs.get(0);
        int last = cur - 1;
        last = first + (last - first) * 2 / 3;
        if (last <= first) {
            return;
        }
        try {
            walHolds.truncate(walDir, first, last, System.currentTimeMillis(), (upTo, keepDropped) -> {
                Checkpoint.Stats s = Checkpoint.create(walDir, upTo, ref -> ref > 0 && ref <= Integer.MAX_VALUE
                        && (head.hasSeries((int) ref) || keepDropped.test((int) ref)), mint, opts.walCompression());
                stats.checkpoints.increment();
                stats.walTruncations.increment();
                LOG.log(Level.DEBUG, "WAL checkpoint up to segment " + s.toSegment() + ": kept " + s.seriesKept()
                        + " series and " + s.samplesKept() + " samples");
            });
        } catch (IOException | RuntimeException e) {
            stats.checkpointsFailed.increment();
            throw e;
        }
    }

    private void compactBlocks(List<BlockMeta> plan) throws IOException {
        long start = System.nanoTime();
        List<Block> parents = new ArrayList<>();
        for (Block b : blocks) {
            for (BlockMeta m : plan) {
                if (m.ulid().equals(b.ulid())) {
                    parents.add(b);
                }
            }
        }
        long mint = Long.MAX_VALUE;
        long maxt = Long.MIN_VALUE;
        int level = 0;
        Set<String> sources = new TreeSet<>();
        List<BlockMeta.Parent> ps = new ArrayList<>();
        Set<String> symbols = new HashSet<>();
        for (Block b : parents) {
            mint = Math.min(mint, b.minTime());
            maxt = Math.max(maxt, b.maxTime());
            level = Math.max(level, b.meta().level());
            sources.addAll(b.meta().sources());
            ps.add(new BlockMeta.Parent(b.ulid(), b.minTime(), b.maxTime()));
            IndexFile ix = b.index();
            for (int i = 0; i < ix.numSymbols(); i++) {
                symbols.add(ix.symbol(i));
            }
        }
        String ulid = Ulid.next();
        BlockMeta meta = new BlockMeta(ulid, mint, maxt, 0, 0, 0, 0, level + 1, List.copyOf(sources), ps, false);
        long lo = mint;
        long hi = maxt;
        try {
            Path p = BlockWriter.write(dir, symbols, () -> {
                SeriesSet[] sets = new SeriesSet[parents.size()];
                for (int i = 0; i < sets.length; i++) {
                    sets[i] = new BlockQuerier(parents.get(i), lo, hi - 1).select(true, null);
                }
                return sets;
            }, meta);
            addBlocks(p == null ? List.of() : List.of(Block.open(p)), parents);
        } catch (IOException | RuntimeException e) {
            stats.compactionsFailed.increment();
            throw e;
        }
        stats.compactions.increment();
        stats.compactionMillis.add((System.nanoTime() - start) / 1_000_000);
    }

    /** Swaps blocks in and out of the live list, deleting the removed ones' directories. */
    private void addBlocks(List<Block> added, List<Block> removed) throws IOException {
        synchronized (this) {
            List<Block> next = new ArrayList<>(blocks);
            next.removeAll(removed);
            next.addAll(added);
            next.sort(Comparator.comparingLong(Block::minTime));
            blocks = List.copyOf(next);
            stats.reloads.increment();
        }
        for (Block b : removed) {
            deleteBlockDir(b.dir());
        }
    }

    /** Drops whole blocks beyond the time and size retention, oldest first. */
    public void applyRetention() throws IOException {
        List<Block> bs = new ArrayList<>(blocks);
        bs.sort(Comparator.comparingLong(Block::maxTime).reversed());
        List<Block> drop = new ArrayList<>();
        if (opts.retentionMillis() > 0 && !bs.isEmpty()) {
            long newest = bs.get(0).maxTime();
            for (Block b : bs) {
                if (newest - b.maxTime() >= opts.retentionMillis()) {
                    drop.add(b);
                    stats.timeRetentions.increment();
                }
            }
        }
        if (opts.retentionBytes() > 0) {
            long size = FileUtil.sizeOf(walDir) + chunkFiles.size();
            for (Block b : bs) {
                size += b.size();
                if (size > opts.retentionBytes() && !drop.contains(b)) {
                    drop.add(b);
                    stats.sizeRetentions.increment();
                }
            }
        }
        if (!drop.isEmpty()) {
            LOG.log(Level.INFO, "retention: deleting " + drop.size() + " block(s): " + drop);
            addBlocks(List.of(), drop);
        }
    }

    // ---- deletion

    /**
     * Deletes the samples in {@code [mint, maxt]} of the series matching {@code matchers}: tombstones
     * in every affected block and the head. The data is removed from disk by compaction or {@link
     * #cleanTombstones()}.
     */
    public void deleteSeries(long mint, long maxt, Matcher... matchers) throws IOException {
        checkOpen();
        synchronized (compactLock) {
            for (Block b : blocks) {
                if (!b.overlaps(mint, maxt)) {
                    continue;
                }
                int[] ids = PostingsForMatchers.select(b.index(), matchers);
                if (ids.length == 0) {
                    continue;
                }
                IndexFile.SeriesEntry e = new IndexFile.SeriesEntry();
                LabelsBuilder lb = new LabelsBuilder();
                boolean changed = false;
                for (int id : ids) {
                    b.index().series(id, e, lb);
                    for (int c = 0; c < e.n; c++) {
                        if (e.maxt[c] >= mint && e.mint[c] <= maxt) {
                            b.tombstones().add(id & 0xFFFFFFFFL, mint, maxt);
                            changed = true;
                            break;
                        }
                    }
                }
                if (changed) {
                    b.writeTombstones();
                }
            }
            head.delete(mint, maxt, matchers);
        }
    }

    /** Rewrites every block that has tombstones without the deleted data. */
    public void cleanTombstones() throws IOException {
        checkOpen();
        synchronized (compactLock) {
            for (Block b : blocks) {
                if (b.tombstones().isEmpty()) {
                    continue;
                }
                String ulid = Ulid.next();
                BlockMeta m = b.meta();
                BlockMeta meta = new BlockMeta(ulid, m.minTime(), m.maxTime(), 0, 0, 0, 0, m.level(), m.sources(),
                        List.of(new BlockMeta.Parent(m.ulid(), m.minTime(), m.maxTime())), false);
                Set<String> symbols = new HashSet<>();
                for (int i = 0; i < b.index().numSymbols(); i++) {
                    symbols.add(b.index().symbol(i));
                }
                Path p = BlockWriter.write(dir, symbols, () -> new SeriesSet[] {
                    new BlockQuerier(b, m.minTime(), m.maxTime() - 1).select(true, null)}, meta);
                addBlocks(p == null ? List.of() : List.of(Block.open(p)), List.of(b));
            }
        }
    }

    // ---- snapshots

    /**
     * Hard-links every block into {@code dst} and, unless {@code skipHead}, writes the head's data
     * there as one more block. Returns the number of blocks in the snapshot.
     */
    public int snapshot(Path dst, boolean skipHead) throws IOException {
        checkOpen();
        Files.createDirectories(dst);
        int n = 0;
        synchronized (compactLock) {
            for (Block b : blocks) {
                Path to = dst.resolve(b.ulid());
                linkTree(b.dir(), to);
                n++;
            }
            if (!skipHead && !head.isEmpty()) {
                long mint = head.minTime();
                long maxt = head.maxTime();
                String ulid = Ulid.next();
                BlockMeta meta = new BlockMeta(ulid, mint, maxt + 1, 0, 0, 0, 0, 1, List.of(ulid), List.of(), false);
                // The commits completed by now, none in progress.
                try (HeadQuerier q = new HeadQuerier(head, mint, maxt)) {
                    if (BlockWriter.write(dst, headSymbols(), () -> new SeriesSet[] {q.select(true, null)}, meta)
                            != null) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    private static void linkTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(from)) {
            for (Path p : ds) {
                Path t = to.resolve(p.getFileName().toString());
                if (Files.isDirectory(p)) {
                    linkTree(p, t);
                } else {
                    try {
                        Files.createLink(t, p);
                    } catch (UnsupportedOperationException | IOException e) {
                        Files.copy(p, t);
                    }
                }
            }
        }
    }

    /** The WAL segment being written, or -1 when closed. */
    public int currentWalSegment() {
        try {
            return head.withWal(w -> w == null ? -1 : w.currentSegment());
        } catch (IOException e) {
            return -1;
        }
    }

    /** Bytes in the WAL directory. */
    public long walBytes() {
        try {
            return FileUtil.sizeOf(walDir);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Bytes used by the memory-mapped head chunk files. */
    public long headChunksBytes() {
        try {
            return chunkFiles.size();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Total bytes of blocks on disk. */
    public long blocksBytes() {
        long n = 0;
        for (Block b : blocks) {
            n += b.size();
        }
        return n;
    }

    /** Stops background work, syncs and closes the WAL and releases the directory lock. */
    @Override
    public void close() throws IOException {
        ScheduledExecutorService bg;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            bg = background;
            background = null;
        }
        walHolds.clear();
        head.close();
        if (bg != null) {
            bg.shutdownNow();
            try {
                if (!bg.awaitTermination(60, TimeUnit.SECONDS)) {
                    LOG.log(Level.WARNING, "compaction did not stop within 60s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (compactLock) {
            try {
                WalWriter w = head.swapWal(null);
                if (w != null) {
                    w.close();
                }
            } finally {
                try {
                    chunkFiles.close();
                } finally {
                    lock.close();
                }
            }
        }
    }
}
