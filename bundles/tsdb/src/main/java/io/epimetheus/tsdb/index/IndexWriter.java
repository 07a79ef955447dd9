package io.epimetheus.tsdb.index;

import io.epimetheus.api.model.Labels;
import io.epimetheus.tsdb.format.encoding.EncBuf;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Writes a block {@code index} file in Prometheus's index format v2: header, symbol table,
 * series (16-byte aligned, id = offset / 16), postings lists (4-byte aligned, the all-series list
 * under the empty name and value first), the postings offset table and the table of contents.
 * Label index sections, which readers of format v2 no longer use, are omitted as in current
 * Prometheus.
 *
 * <p>Call {@link #addSymbols} once, then {@link #addSeries} in label order, then {@link #close}.
 */
public final class IndexWriter implements Closeable {

    public static final int MAGIC = 0xBAAAD700;
    public static final int FORMAT_V2 = 2;

    private final FileChannel ch;
    private final OutputStream out;
    private long pos;
    private final EncBuf buf = new EncBuf(4096);
    private final CRC32C crc = new CRC32C();

    private Map<String, Integer> symbolIndex;
    private long tocSymbols;
    private long tocSeries;
    private Labels lastLabels;
    private final Map<Long, int[]> postings = new HashMap<>(); // (nameSym << 32 | valueSym) -> [size, ids...]
    private int[] all = new int[1024];
    private int allSize;
    private boolean closed;

    public IndexWriter(Path file) throws IOException {
        ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
        buf.reset().putBE32(MAGIC).putByte(FORMAT_V2);
        write(buf);
    }

    private void write(EncBuf b) throws IOException {
        out.write(b.array(), 0, b.len());
        pos += b.len();
    }

    private void pad(int align) throws IOException {
        int rem = (int) (pos % align);
        if (rem != 0) {
            for (int i = rem; i < align; i++) {
                out.write(0);
            }
            pos += align - rem;
        }
    }

    /** Writes the symbol table: every label name and value, sorted and distinct. */
    public void addSymbols(String[] sorted) throws IOException {
        if (symbolIndex != null) {
            throw new IllegalStateException("symbols already written");
        }
        tocSymbols = pos;
        symbolIndex = new HashMap<>(sorted.length * 2);
        buf.reset().putBE32(0).putBE32(sorted.length);
        for (int i = 0; i < sorted.length; i++) {
            if (i > 0 && Labels.compareStrings(sorted[i - 1], sorted[i]) >= 0) {
                throw new IllegalArgumentException("symbols not sorted and distinct at \"" + sorted[i] + "\"");
            }
            symbolIndex.put(sorted[i], i);
            buf.putUvarintStr(sorted[i]);
        }
        buf.setBE32(0, buf.len() - 4);
        crc.reset();
        crc.update(buf.array(), 4, buf.len() - 4);
        buf.putBE32((int) crc.getValue());
        write(buf);
        tocSeries = pos;
    }

    private int sym(String s) {
        Integer i = symbolIndex.get(s);
        if (i == null) {
            throw new IllegalArgumentException("symbol \"" + s + "\" was not added");
        }
        return i;
    }

    /**
     * Adds a series with its chunks ({@code n} of them: time ranges and references, in order).
     * Series must come in increasing label order.
     */
    public void addSeries(Labels labels, long[] mint, long[] maxt, long[] refs, int n) throws IOException {
        if (symbolIndex == null) {
            throw new IllegalStateException("symbols must be added before series");
        }
        if (lastLabels != null && labels.compareTo(lastLabels) <= 0) {
            throw new IllegalArgumentException("out-of-order series added with label set " + labels
                    + ", last label set " + lastLabels);
        }
        lastLabels = labels;
        pad(16);
        long id = pos / 16;
        if (id > 0xFFFFFFFFL) {
            throw new IOException("index exceeds the addressable 64 GiB of series");
        }
        int sid = (int) id;
        buf.reset();
        buf.putUvarint(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            int ns = sym(labels.name(i));
            int vs = sym(labels.value(i));
            buf.putUvarint(ns & 0xFFFFFFFFL);
            buf.putUvarint(vs & 0xFFFFFFFFL);
            long key = ((long) ns << 32) | (vs & 0xFFFFFFFFL);
            int[] l = postings.get(key);
            if (l == null) {
                l = new int[5];
                postings.put(key, l);
            } else if (l[0] + 1 == l.length) {
                l = Arrays.copyOf(l, l.length * 2);
                postings.put(key, l);
            }
            l[++l[0]] = sid;
        }
        buf.putUvarint(n);
        if (n > 0) {
            buf.putVarint(mint[0]);
            buf.putUvarint(maxt[0] - mint[0]);
            buf.putUvarint(refs[0]);
            long t0 = maxt[0];
            long r0 = refs[0];
            for (int i = 1; i < n; i++) {
                if (mint[i] <= t0 || maxt[i] < mint[i] || refs[i] < r0) {
                    throw new IllegalArgumentException("chunks of " + labels + " are not ordered and disjoint at " + i);
                }
                buf.putUvarint(mint[i] - t0);
                buf.putUvarint(maxt[i] - mint[i]);
                buf.putVarint(refs[i] - r0);
                t0 = maxt[i];
                r0 = refs[i];
            }
        }
        int bodyLen = buf.len();
        crc.reset();
        crc.update(buf.array(), 0, bodyLen);
        int sum = (int) crc.getValue();
        EncBuf head = new EncBuf(16).putUvarint(bodyLen);
        write(head);
        write(buf);
        buf.reset().putBE32(sum);
        write(buf);
        if (allSize == all.length) {
            all = Arrays.copyOf(all, allSize * 2);
        }
        all[allSize++] = sid;
    }

    private void writePostingsList(int[] ids, int from, int count) throws IOException {
        pad(4);
        buf.reset().putBE32(4 + 4 * count).putBE32(count);
        for (int i = 0; i < count; i++) {
            buf.putBE32(ids[from + i]);
        }
        crc.reset();
        crc.update(buf.array(), 4, buf.len() - 4);
        buf.putBE32((int) crc.getValue());
        write(buf);
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (symbolIndex == null) {
                addSymbols(new String[0]);
            }
            String[] symbols = new String[symbolIndex.size()];
            symbolIndex.forEach((s, i) -> symbols[i] = s);
            pad(4);
            long postingsStart = pos;
            EncBuf table = new EncBuf(1 << 16);
            table.putBE32(0).putBE32(0);
            int entries = 0;
            table.putUvarint(2).putUvarintStr("").putUvarintStr("").putUvarint(pos);
            writePostingsList(all, 0, allSize);
            entries++;
            Long[] keys = postings.keySet().toArray(new Long[0]);
            Arrays.sort(keys);
            for (Long key : keys) {
                int[] l = postings.get(key);
                pad(4);
                table.putUvarint(2).putUvarintStr(symbols[(int) (key >>> 32)]).putUvarintStr(symbols[(int) (long) key])
                        .putUvarint(pos);
                writePostingsList(l, 1, l[0]);
                entries++;
            }
            long tableStart = pos;
            table.setBE32(0, table.len() - 4);
            table.setBE32(4, entries);
            crc.reset();
            crc.update(table.array(), 4, table.len() - 4);
            table.putBE32((int) crc.getValue());
            write(table);
            buf.reset().putBE64(tocSymbols).putBE64(tocSeries).putBE64(postingsStart).putBE64(tableStart)
                    .putBE64(postingsStart).putBE64(tableStart);
            crc.reset();
            crc.update(buf.array(), 0, buf.len());
            buf.putBE32((int) crc.getValue());
            write(buf);
            out.flush();
            ch.force(true);
        } finally {
            out.close();
        }
    }
}
