package io.epimetheus.remote.codec;

/**
 * Reads one float sample message, the same in remote-write 1.0, 2.0 and remote-read responses:
 * the value (double, field 1) and the timestamp in milliseconds (int64, field 2), each 0 when
 * absent. Holds the last sample read, so that decoding allocates nothing per sample.
 *
 * <p>Not thread-safe: one per decoder.
 */
public final class SampleReader {

    private double value;
    private long timestamp;

    /** Reads the sample message whose tag {@code r} just read. */
    public void read(ProtoReader r, int tag) {
        int old = r.enterMessage(tag);
        double v = 0;
        long ts = 0;
        int t;
        while ((t = r.readTag()) != 0) {
            switch (t >>> 3) {
                case 1 -> {
                    r.expect(t, ProtoReader.FIXED64);
                    v = r.readDouble();
                }
                case 2 -> {
                    r.expect(t, ProtoReader.VARINT);
                    ts = r.readVarint64();
                }
                default -> r.skip(t & 7);
            }
        }
        r.popLimit(old);
        value = v;
        timestamp = ts;
    }

    public double value() {
        return value;
    }

    public long timestamp() {
        return timestamp;
    }
}
