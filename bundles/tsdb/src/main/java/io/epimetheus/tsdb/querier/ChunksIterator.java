package io.epimetheus.tsdb.querier;

import io.epimetheus.api.storage.SampleIterator;
import io.epimetheus.api.storage.ValueType;
import io.epimetheus.tsdb.format.chunk.XorIterator;
import io.epimetheus.tsdb.tombstones.Intervals;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Iterates the samples of one series from a list of non-overlapping XOR chunks in time order,
 * limited to {@code [mint, maxt]} and skipping deleted intervals and those {@linkplain #hide
 * hidden} from the reader (head samples of commits it must not see). Chunk bytes are either
 * referenced (immutable head chunks) or copied into an arena the iterator owns and reuses, so
 * iterating allocates nothing once the arena has grown to fit.
 */
public final class ChunksIterator implements SampleIterator {

    private byte[][] datas = new byte[4][];
    private int[] offs = new int[4];
    private int[] lens = new int[4];
    private long[] cmint = new long[4];
    private long[] cmaxt = new long[4];
    private int n;
    private byte[] arena = new byte[1024];
    private int arenaLen;

    private long mint;
    private long maxt;
    private Intervals deleted = Intervals.NONE;
    // Hidden ranges, sorted and disjoint, as inclusive pairs; see hide().
    private long[] hidden = new long[4];
    private int nHidden;
    private final XorIterator xor = new XorIterator();
    private int ci;
    private boolean inChunk;
    private boolean done;
    private boolean valid;
    private long t;
    private double v;

    /** Empties the iterator for a new series over {@code [mint, maxt]}. */
    public ChunksIterator reset(long mint, long maxt, Intervals deleted) {
        this.mint = mint;
        this.maxt = maxt;
        this.deleted = deleted == null ? Intervals.NONE : deleted;
        nHidden = 0;
        n = 0;
        arenaLen = 0;
        ci = -1;
        inChunk = false;
        done = false;
        valid = false;
        return this;
    }

    /** Ends the iteration after {@code t} at the latest. */
    public void limit(long t) {
        if (t < maxt) {
            maxt = t;
        }
    }

    /**
     * Skips the samples in {@code [from, to]}; ranges must be added in time order. Unlike
     * deletions, which are few and long-lived, these come and go with commits in progress.
     */
    public void hide(long from, long to) {
        if (nHidden > 0 && hidden[nHidden - 1] >= from - 1) {
            hidden[nHidden - 1] = Math.max(hidden[nHidden - 1], to);
            return;
        }
        if (nHidden == hidden.length) {
            hidden = Arrays.copyOf(hidden, nHidden * 2);
        }
        hidden[nHidden++] = from;
        hidden[nHidden++] = to;
    }

    private boolean hidden(long ts) {
        for (int i = 0; i < nHidden; i += 2) {
            if (ts < hidden[i]) {
                return false;
            }
            if (ts <= hidden[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /** Number of chunks added. */
    public int chunkCount() {
        return n;
    }

    /** The array holding chunk {@code i}; read it at {@link #chunkOffset}. */
    public byte[] chunkArray(int i) {
        return datas[i] == null ? arena : datas[i];
    }

    public int chunkOffset(int i) {
        return offs[i];
    }

    public int chunkLength(int i) {
        return lens[i];
    }

    public long chunkMint(int i) {
        return cmint[i];
    }

    public long chunkMaxt(int i) {
        return cmaxt[i];
    }

    /**
     * Whether the chunks can be copied as they are: all inside {@code [mint, maxt]}, in order
     * without overlap, none touched by a deletion or a hidden range.
     */
    public boolean chunksCopyable() {
        for (int i = 0; i < n; i++) {
            if (cmint[i] < mint || cmaxt[i] > maxt || (i > 0 && cmint[i] <= cmaxt[i - 1])) {
                return false;
            }
            for (int k = 0; k < nHidden; k += 2) {
                if (hidden[k] <= cmaxt[i] && hidden[k + 1] >= cmint[i]) {
                    return false;
                }
            }
            if (!deleted.isEmpty()) {
                for (int k = 0; k < deleted.size(); k++) {
                    if (deleted.mint(k) <= cmaxt[i] && deleted.maxt(k) >= cmint[i]) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private void grow() {
        if (n == datas.length) {
            int c = n * 2;
            datas = Arrays.copyOf(datas, c);
            offs = Arrays.copyOf(offs, c);
            lens = Arrays.copyOf(lens, c);
            cmint = Arrays.copyOf(cmint, c);
            cmaxt = Arrays.copyOf(cmaxt, c);
        }
    }

    /** Adds an immutable chunk by reference. Chunks must be added in time order. */
    public void addChunk(byte[] data, int off, int len, long chunkMint, long chunkMaxt) {
        grow();
        datas[n] = data;
        offs[n] = off;
        lens[n] = len;
        cmint[n] = chunkMint;
        cmaxt[n] = chunkMaxt;
        n++;
    }

    private int reserve(int len) {
        if (arenaLen + len > arena.length) {
            // Earlier chunks refer to the arena by offset, so growing keeps them valid.
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaLen + len));
        }
        int at = arenaLen;
        arenaLen += len;
        return at;
    }

    /** Adds a copy of {@code src[off, off+len)}. */
    public void addChunkCopy(byte[] src, int off, int len, long chunkMint, long chunkMaxt) {
        int at = reserve(len);
        System.arraycopy(src, off, arena, at, len);
        grow();
        datas[n] = null;
        offs[n] = at;
        lens[n] = len;
        cmint[n] = chunkMint;
        cmaxt[n] = chunkMaxt;
        n++;
    }

    /** Adds a copy of {@code len} bytes of {@code src} at absolute position {@code pos}. */
    public void addChunkCopy(ByteBuffer src, int pos, int len, long chunkMint, long chunkMaxt) {
        int at = reserve(len);
        src.get(pos, arena, at, len);
        grow();
        datas[n] = null;
        offs[n] = at;
        lens[n] = len;
        cmint[n] = chunkMint;
        cmaxt[n] = chunkMaxt;
        n++;
    }

    private boolean openNextChunk(long from) {
        while (++ci < n) {
            if (cmaxt[ci] < from) {
                continue;
            }
            if (cmint[ci] > maxt) {
                break;
            }
            if (!deleted.isEmpty() && deleted.covers(cmint[ci], cmaxt[ci])) {
                continue;
            }
            byte[] d = datas[ci] == null ? arena : datas[ci];
            xor.reset(d, offs[ci], lens[ci]);
            inChunk = true;
            return true;
        }
        ci = n;
        return false;
    }

    @Override
    public ValueType next() {
        return advance(mint);
    }

    private ValueType advance(long from) {
        if (done) {
            return ValueType.NONE;
        }
        while (true) {
            if (!inChunk && !openNextChunk(from)) {
                return finish();
            }
            if (!xor.next()) {
                inChunk = false;
                continue;
            }
            long ts = xor.t();
            if (ts < from) {
                continue;
            }
            if (ts > maxt) {
                return finish();
            }
            if (!deleted.isEmpty() && deleted.contains(ts)) {
                continue;
            }
            if (nHidden > 0 && hidden(ts)) {
                continue;
            }
            t = ts;
            v = xor.v();
            valid = true;
            return ValueType.FLOAT;
        }
    }

    private ValueType finish() {
        done = true;
        valid = false;
        inChunk = false;
        return ValueType.NONE;
    }

    @Override
    public ValueType seek(long ts) {
        if (valid && t >= ts) {
            return ValueType.FLOAT;
        }
        if (done) {
            return ValueType.NONE;
        }
        long from = Math.max(ts, mint);
        if (inChunk && cmaxt[ci] < from) {
            inChunk = false;
        }
        return advance(from);
    }

    @Override
    public long t() {
        return t;
    }

    @Override
    public double v() {
        return v;
    }
}
