package io.epimetheus.tsdb.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/** A file channel that fails writes with "no space left on device" while its switch is on. */
public final class FailingChannel extends FileChannel {

    /** Turns failures on and off, shared by every channel a test opens. */
    public static final class Switch {
        public volatile boolean fail;
        /** Bytes accepted before failing within the current write (simulates a partial write). */
        public volatile int partial = 100;
    }

    private final FileChannel d;
    private final Switch sw;

    public FailingChannel(FileChannel delegate, Switch sw) {
        this.d = delegate;
        this.sw = sw;
    }

    private int failingWrite(ByteBuffer src, long pos) throws IOException {
        int n = Math.min(sw.partial, src.remaining());
        if (n > 0) {
            ByteBuffer part = src.duplicate();
            part.limit(part.position() + n);
            d.write(part, pos);
        }
        throw new IOException("No space left on device");
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return d.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return d.read(dsts, offset, length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (sw.fail) {
            return failingWrite(src, d.position());
        }
        return d.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        if (sw.fail) {
            throw new IOException("No space left on device");
        }
        return d.write(srcs, offset, length);
    }

    @Override
    public long position() throws IOException {
        return d.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        d.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return d.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        d.truncate(size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        d.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return d.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        if (sw.fail) {
            throw new IOException("No space left on device");
        }
        return d.transferFrom(src, position, count);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return d.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        if (sw.fail) {
            return failingWrite(src, position);
        }
        return d.write(src, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return d.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return d.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return d.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        d.close();
    }
}
