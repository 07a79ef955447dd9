package io.epimetheus.remote.read;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.remote.codec.ProtoException;
import io.epimetheus.remote.codec.ProtoReader;
import io.epimetheus.remote.codec.SampleReader;
import io.epimetheus.tsdb.format.chunk.XorIterator;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Decodes remote-read responses on the client side: the sampled {@code ReadResponse} and the
 * stream of {@code ChunkedReadResponse} frames (checking each frame's CRC-32C and size limit, and
 * decoding XOR chunks). Series split over several frames are joined again.
 */
public final class ResponseDecoder {

    private final ProtoReader r = new ProtoReader();
    private final LabelsBuilder builder = new LabelsBuilder();
    private final SampleReader sample = new SampleReader();

    /** The series of each query of a sampled response. */
    public List<List<SeriesData>> decodeSampled(byte[] b, int off, int len) {
        List<List<SeriesData>> results = new ArrayList<>();
        r.reset(b, off, len);
        int tag;
        while ((tag = r.readTag()) != 0) {
            if (tag >>> 3 == 1) {
                int old = r.enterMessage(tag);
                List<SeriesData> series = new ArrayList<>();
                int t;
                while ((t = r.readTag()) != 0) {
                    if (t >>> 3 == 1) {
                        int o2 = r.enterMessage(t);
                        series.add(timeSeries());
                        r.popLimit(o2);
                    } else {
                        r.skip(t & 7);
                    }
                }
                r.popLimit(old);
                results.add(series);
            } else {
                r.skip(tag & 7);
            }
        }
        return results;
    }

    private SeriesData timeSeries() {
        SeriesData s = new SeriesData(labels());
        int tag;
        while ((tag = r.readTag()) != 0) {
            if (tag >>> 3 == 2) {
                sample.read(r, tag);
                s.add(sample.timestamp(), sample.value());
            } else {
                r.skip(tag & 7);
            }
        }
        return s;
    }

    /**
     * The labels (field 1) of the series in the current window, read in a pass of their own as
     * they may come after its samples or chunks; leaves the reader at the start of the series again.
     */
    private Labels labels() {
        int start = r.position();
        builder.reset();
        int tag;
        while ((tag = r.readTag()) != 0) {
            if (tag >>> 3 == 1) {
                label(tag);
            } else {
                r.skip(tag & 7);
            }
        }
        r.position(start);
        return builder.build();
    }

    private void label(int tag) {
        int old = r.enterMessage(tag);
        String name = "";
        String value = "";
        int t;
        while ((t = r.readTag()) != 0) {
            switch (t >>> 3) {
                case 1 -> name = r.readString();
                case 2 -> value = r.readString();
                default -> r.skip(t & 7);
            }
        }
        r.popLimit(old);
        builder.set(name, value);
    }

    /**
     * Reads every frame of a streamed response; returns the series of each query index.
     *
     * @param maxFrameBytes frames larger than this are rejected
     * @param queries the number of queries in the request
     */
    public List<List<SeriesData>> decodeChunked(InputStream in, long maxFrameBytes, int queries) throws IOException {
        List<List<SeriesData>> results = new ArrayList<>();
        for (int i = 0; i < queries; i++) {
            results.add(new ArrayList<>());
        }
        DataInputStream din = new DataInputStream(in);
        CRC32C crc = new CRC32C();
        XorIterator xor = new XorIterator();
        byte[] buf = new byte[4096];
        while (true) {
            long size = readUvarint(din);
            if (size < 0) {
                return results;
            }
            if (size > maxFrameBytes) {
                throw new ProtoException("chunked response frame of " + size + " bytes exceeds the limit of "
                        + maxFrameBytes + " bytes (chunked_read_limit)");
            }
            int expected = din.readInt();
            if (buf.length < size) {
                buf = new byte[(int) size];
            }
            din.readFully(buf, 0, (int) size);
            crc.reset();
            crc.update(buf, 0, (int) size);
            if ((int) crc.getValue() != expected) {
                throw new ProtoException("chunked response frame: checksum mismatch");
            }
            frame(buf, (int) size, results, xor);
        }
    }

    private void frame(byte[] buf, int size, List<List<SeriesData>> results, XorIterator xor) {
        // query_index may follow the series, so find it first.
        r.reset(buf, 0, size);
        long queryIndex = 0;
        int tag;
        while ((tag = r.readTag()) != 0) {
            if (tag >>> 3 == 2) {
                queryIndex = r.readVarint64();
            } else {
                r.skip(tag & 7);
            }
        }
        if (queryIndex < 0 || queryIndex >= results.size()) {
            throw new ProtoException("chunked response frame for query " + queryIndex + " of " + results.size());
        }
        List<SeriesData> out = results.get((int) queryIndex);
        r.reset(buf, 0, size);
        while ((tag = r.readTag()) != 0) {
            if (tag >>> 3 == 1) {
                int old = r.enterMessage(tag);
                chunkedSeries(out, xor);
                r.popLimit(old);
            } else {
                r.skip(tag & 7);
            }
        }
    }

    private void chunkedSeries(List<SeriesData> out, XorIterator xor) {
        Labels labels = labels();
        SeriesData s;
        if (!out.isEmpty() && out.get(out.size() - 1).labels.equals(labels)) {
            s = out.get(out.size() - 1); // continuation of a series split over frames
        } else {
            s = new SeriesData(labels);
            out.add(s);
        }
        int tag;
        while ((tag = r.readTag()) != 0) {
            if (tag >>> 3 == 2) {
                int old = r.enterMessage(tag);
                int encoding = 0;
                int dataOff = -1;
                int dataLen = 0;
                int t;
                while ((t = r.readTag()) != 0) {
                    switch (t >>> 3) {
                        case 3 -> encoding = r.readVarint32();
                        case 4 -> {
                            r.expect(t, ProtoReader.LEN);
                            dataLen = r.readLength();
                            dataOff = r.position();
                            r.position(dataOff + dataLen);
                        }
                        default -> r.skip(t & 7);
                    }
                }
                r.popLimit(old);
                if (encoding != 1) {
                    throw new ProtoException("chunk encoding " + encoding + " is not supported (only XOR float chunks)");
                }
                if (dataOff >= 0) {
                    xor.reset(r.buffer(), dataOff, dataLen);
                    while (xor.next()) {
                        s.add(xor.t(), xor.v());
                    }
                }
            } else {
                r.skip(tag & 7);
            }
        }
    }

    /** A uvarint, or -1 at a clean end of stream. */
    private static long readUvarint(DataInputStream in) throws IOException {
        long x = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.read();
            if (b < 0) {
                if (shift == 0) {
                    return -1;
                }
                throw new EOFException("chunked response ends inside a frame header");
            }
            x |= (long) (b & 0x7F) << shift;
            if (b < 0x80) {
                return x;
            }
        }
        throw new ProtoException("chunked response frame length is not a valid uvarint");
    }
}
