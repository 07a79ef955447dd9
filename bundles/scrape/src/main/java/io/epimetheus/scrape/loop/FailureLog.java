package io.epimetheus.scrape.loop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
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
        StringBuilder sb = new StringBuilder(160 + error.length());
        sb.append("{\"time\":\"");
        appendTime(sb, Instant.now());
        sb.append("\",\"level\":\"ERROR\",\"source\":");
        appendString(sb, caller == null ? "" : caller.getFileName() + ":" + caller.getLineNumber());
        sb.append(",\"msg\":");
        appendString(sb, error);
        sb.append(",\"job_name\":");
        appendString(sb, job);
        sb.append(",\"target\":");
        appendString(sb, target);
        sb.append("}\n");
        ByteBuffer line = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
        synchronized (this) {
            if (closed) {
                return;
            }
            try {
                while (line.hasRemaining()) {
                    channel.write(line);
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

    /** A JSON string as Go's {@code log/slog} writes it: quotes, backslashes and control characters escaped. */
    static void appendString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\u2028' -> sb.append("\\u2028");
                case '\u2029' -> sb.append("\\u2029");
                default -> {
                    if (c < 0x20) {
                        sb.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
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
