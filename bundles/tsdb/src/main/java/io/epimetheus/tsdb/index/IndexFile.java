package io.epimetheus.tsdb.index;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.tsdb.format.encoding.BufDec;
import io.epimetheus.tsdb.format.encoding.CorruptionException;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a block {@code index} file of format v2 (what Prometheus 2.x and 3.x write) through a
 * read-only memory map. The postings offset table is loaded at open; symbols, series and
 * postings are decoded on demand. Thread-safe: every read uses its own cursor.
 */
public final class IndexFile implements IndexReader {

    private static final int TOC_LEN = 6 * 8 + 4;

    private final Path path;
    private final MappedByteBuffer b;
    private final int[] symbolOffsets;
    private final Map<String, String[]> valuesByName = new LinkedHashMap<>();
    private final Map<String, int[]> offsetsByName = new LinkedHashMap<>();
    private final List<String> names;
    private final Map<Integer, String> nameSymbols = new ConcurrentHashMap<>();
    private final int[] allPostingsLoc;

    public IndexFile(Path path) throws IOException {
        this.path = path;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                throw new CorruptionException("index " + path + " is larger than 2 GiB, which this reader does not support");
            }
            if (size < 5 + TOC_LEN) {
                throw new CorruptionException("index " + path + " is too short (" + size + " bytes)");
            }
            b = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
        }
        if (b.getInt(0) != IndexWriter.MAGIC) {
            throw corrupt("invalid magic number " + Integer.toHexString(b.getInt(0)));
        }
        int version = b.get(4);
        if (version != 2) {
            throw corrupt("index format version " + version + " is not supported (only v2)");
        }
        BufDec d = new BufDec(b);
        int tocAt = b.limit() - TOC_LEN;
        if (d.crc32c(tocAt, 48) != b.getInt(tocAt + 48)) {
            throw corrupt("table of contents checksum mismatch");
        }
        d.at(tocAt);
        long symbols = d.be64();
        d.be64(); // series
        d.be64(); // label indices
        d.be64(); // label indices table
        d.be64(); // postings
        long postingsTable = d.be64();
        symbolOffsets = readSymbols(d, (int) symbols);
        int[] allLoc = null;
        // postings offset table
        int tlen = checkedSection(d, (int) postingsTable);
        d.at((int) postingsTable + 4, (int) postingsTable + 4 + tlen);
        int count = d.be32();
        String curName = null;
        List<String> curValues = new ArrayList<>();
        int[] curOffs = new int[16];
        for (int i = 0; i < count; i++) {
            int keyCount = d.uvarintInt();
            if (keyCount != 2) {
                throw corrupt("postings offset table entry with " + keyCount + " keys");
            }
            String name = d.uvarintStr();
            String value = d.uvarintStr();
            long off = d.uvarint();
            if (name.isEmpty() && value.isEmpty()) {
                allLoc = new int[] {(int) off};
                continue;
            }
            if (!name.equals(curName)) {
                flushName(curName, curValues, curOffs);
                curName = name;
                curValues.clear();
            }
            if (curValues.size() == curOffs.length) {
                curOffs = Arrays.copyOf(curOffs, curOffs.length * 2);
            }
            curOffs[curValues.size()] = (int) off;
            curValues.add(value);
        }
        flushName(curName, curValues, curOffs);
        names = List.copyOf(valuesByName.keySet());
        allPostingsLoc = allLoc;
    }

    private void flushName(String name, List<String> values, int[] offs) {
        if (name != null) {
            valuesByName.put(name, values.toArray(new String[0]));
            offsetsByName.put(name, Arrays.copyOf(offs, values.size()));
        }
    }

    private CorruptionException corrupt(String msg) {
        return new CorruptionException("index " + path + ": " + msg);
    }

    /** Checks the {@code len(4) ... crc(4)} section at {@code off}; returns its length. */
    private int checkedSection(BufDec d, int off) {
        d.at(off);
        int len = d.be32();
        if (len < 0 || off + 4L + len + 4 > b.limit()) {
            throw corrupt("section at " + off + " has bad length " + len);
        }
        if (d.crc32c(off + 4, len) != b.getInt(off + 4 + len)) {
            throw corrupt("checksum mismatch in section at " + off);
        }
        return len;
    }

    private int[] readSymbols(BufDec d, int off) {
        int len = checkedSection(d, off);
        d.at(off + 4, off + 4 + len);
        int count = d.be32();
        int[] offs = new int[count];
        for (int i = 0; i < count; i++) {
            offs[i] = d.pos();
            int n = d.uvarintInt();
            d.skip(n);
        }
        return offs;
    }

    /** The symbol with index {@code i}. */
    public String symbol(int i) {
        if (i < 0 || i >= symbolOffsets.length) {
            throw corrupt("unknown symbol " + i);
        }
        return new BufDec(b).at(symbolOffsets[i]).uvarintStr();
    }

    private String nameSymbol(int i) {
        String s = nameSymbols.get(i);
        if (s == null) {
            s = symbol(i);
            nameSymbols.put(i, s);
        }
        return s;
    }

    public int numSymbols() {
        return symbolOffsets.length;
    }

    private int[] readPostings(int off) {
        BufDec d = new BufDec(b);
        int len = checkedSection(d, off);
        d.at(off + 4, off + 4 + len);
        int n = d.be32();
        if (n * 4L + 4 != len) {
            throw corrupt("postings list at " + off + " has " + n + " entries in " + len + " bytes");
        }
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = d.be32();
        }
        return ids;
    }

    @Override
    public int[] allPostings() {
        return allPostingsLoc == null ? Postings.EMPTY : readPostings(allPostingsLoc[0]);
    }

    @Override
    public int[] postings(String name, String value) {
        String[] values = valuesByName.get(name);
        if (values == null) {
            return Postings.EMPTY;
        }
        int i = Arrays.binarySearch(values, value, Labels::compareStrings);
        return i < 0 ? Postings.EMPTY : readPostings(offsetsByName.get(name)[i]);
    }

    @Override
    public List<String> sortedValues(String name, String from) {
        String[] values = valuesByName.get(name);
        if (values == null) {
            return List.of();
        }
        int start = 0;
        if (!from.isEmpty()) {
            start = Arrays.binarySearch(values, from, Labels::compareStrings);
            if (start < 0) {
                start = -start - 1;
            }
        }
        return Arrays.asList(values).subList(start, values.length);
    }

    @Override
    public List<String> labelNames() {
        return names;
    }

    /** A series entry: labels and chunk metadata. */
    public static final class SeriesEntry {
        public Labels labels;
        public int n;
        public long[] mint = new long[8];
        public long[] maxt = new long[8];
        public long[] refs = new long[8];

        void add(long lo, long hi, long ref) {
            if (n == mint.length) {
                mint = Arrays.copyOf(mint, n * 2);
                maxt = Arrays.copyOf(maxt, n * 2);
                refs = Arrays.copyOf(refs, n * 2);
            }
            mint[n] = lo;
            maxt[n] = hi;
            refs[n] = ref;
            n++;
        }
    }

    /** Decodes the series with id {@code id} into {@code out}, reusing its arrays. */
    public void series(int id, SeriesEntry out, LabelsBuilder lb) {
        long off = (id & 0xFFFFFFFFL) * 16;
        if (off >= b.limit()) {
            throw corrupt("series id " + Integer.toUnsignedString(id) + " points past the end");
        }
        BufDec d = new BufDec(b).at((int) off);
        int len = d.uvarintInt();
        int start = d.pos();
        if (start + (long) len + 4 > b.limit()) {
            throw corrupt("series " + Integer.toUnsignedString(id) + " runs past the end");
        }
        if (d.crc32c(start, len) != b.getInt(start + len)) {
            throw corrupt("checksum mismatch in series " + Integer.toUnsignedString(id));
        }
        d.at(start, start + len);
        int nl = d.uvarintInt();
        lb.reset();
        for (int i = 0; i < nl; i++) {
            String name = nameSymbol(d.uvarintInt());
            String value = symbol(d.uvarintInt());
            lb.set(name, value);
        }
        out.labels = lb.build();
        out.n = 0;
        int nc = d.uvarintInt();
        if (nc > 0) {
            long mint = d.varint();
            long maxt = mint + d.uvarint();
            long ref = d.uvarint();
            out.add(mint, maxt, ref);
            for (int i = 1; i < nc; i++) {
                mint = maxt + d.uvarint();
                maxt = mint + d.uvarint();
                ref += d.varint();
                out.add(mint, maxt, ref);
            }
        }
    }

    /** The file size in bytes. */
    public long size() {
        return b.limit();
    }
}
