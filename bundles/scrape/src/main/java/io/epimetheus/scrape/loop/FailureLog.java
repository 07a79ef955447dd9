package io.epimetheus.scrape.loop;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A {@code scrape_failure_log_file}: one JSON object per line for each scrape whose fetch failed,
 * as Prometheus's JSON file logger writes them — {@code time} (RFC 3339 with nanoseconds and the
 * local offset), {@code level} {@code ERROR}, {@code source} (the file and line that logged),
 * {@code msg} (the scrape error), {@code job_name} and {@code target} (the scrape URL). The file is
 * opened for appending when a configuration is applied and closed when the next one is, so a
 * reload reopens it (after log rotation, say). Thread-safe: the loops of every pool using the file
 * write whole lines.
 */
public final class FailureLog implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(FailureLog.class.getName());
    private static final StackWalker STACK = StackWalker.getInstance();
    private static final JsonFactory JSON = new JsonFactory();

    private final Path file;
    private final FileChannel channel;
    private boolean closed;
    private boolean warned;

    private FailureLog(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /**
     * Opens (creating) {@code file} for appending.
     *
     * @throws IOException worded as Prometheus's {@code can't create json log file: open <f>: ...}
     */
    public static FailureLog open(Path file) throws IOException {
        try {
            return new FailureLog(file, FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE));
        } catch (NoSuchFileException e) {
            throw new IOException("can't create json log file: open " + file + ": no such file or directory", e);
        } catch (AccessDeniedException e) {
            throw new IOException("can't create json log file: open " + file + ": permission denied", e);
        } catch (IOException e) {
            throw new IOException("can't create json log file: open " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** Logs a failed scrape of {@code target} in {@code job}. A failure to write is logged once, not thrown. */
    public void failed(String job, String target, String error) {
        StackWalker.StackFrame caller = STACK.walk(s -> s.skip(1).findFirst().orElse(null));
        StringBuilder time = new StringBuilder(40);
        appendTime(time, Instant.now());
        ByteArrayOutputStream line = new ByteArrayOutputStream(160 + error.length());
        try (JsonGenerator g = JSON.createGenerator(line)) {
            g.writeStartObject();
            g.writeStringField("time", time.toString());
            g.writeStringField("level", "ERROR");
            g.writeStringField("source", caller == null ? "" : caller.getFileName() + ":" + caller.getLineNumber());
            g.writeStringField("msg", error);
            g.writeStringField("job_name", job);
            g.writeStringField("target", target);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        line.write('\n');
        ByteBuffer bytes = ByteBuffer.wrap(line.toByteArray());
        synchronized (this) {
            if (closed) {
                return;
            }
            try {
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            } catch (IOException e) {
                if (!warned) {
                    warned = true;
                    LOG.log(System.Logger.Level.WARNING, "Writing the scrape failure log " + file + " failed: " + e);
                }
            }
        }
    }

    /** Go's {@code time.RFC3339Nano} in the local time zone: fraction without trailing zeros, {@code Z} for UTC. */
    static void appendTime(StringBuilder sb, Instant t) {
        OffsetDateTime d = t.atZone(ZoneId.systemDefault()).toOffsetDateTime();
        pad(sb, d.getYear(), 4).append('-');
        pad(sb, d.getMonthValue(), 2).append('-');
        pad(sb, d.getDayOfMonth(), 2).append('T');
        pad(sb, d.getHour(), 2).append(':');
        pad(sb, d.getMinute(), 2).append(':');
        pad(sb, d.getSecond(), 2);
        int nanos = d.getNano();
        if (nanos != 0) {
            int digits = 9;
            while (nanos % 10 == 0) {
                nanos /= 10;
                digits--;
            }
            sb.append('.');
            pad(sb, nanos, digits);
        }
        ZoneOffset off = d.getOffset();
        int secs = off.getTotalSeconds();
        if (secs == 0) {
            sb.append('Z');
        } else {
            sb.append(secs < 0 ? '-' : '+');
            secs = Math.abs(secs);
            pad(sb, secs / 3600, 2).append(':');
            pad(sb, secs / 60 % 60, 2);
        }
    }

    private static StringBuilder pad(StringBuilder sb, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }

    /** Closes the file; later failures are not written. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Closing the scrape failure log " + file + " failed: " + e);
        }
    }
}
