package io.epimetheus.http.connection;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.servlet.http.HttpServletRequest;

/**
 * Notices HTTP clients that go away while their request is still being computed, so a query can be
 * cancelled instead of run to completion (as Prometheus cancels the request context when Go's
 * server reads end-of-file from the connection).
 *
 * <p>The servlet API says nothing about a client that disconnects before the response is written,
 * and Jetty 9.4 only finds out when it writes. So this class watches the request's socket itself
 * (found through Jetty, see {@link JettyConnections}): the socket is registered for reading with a
 * selector of its own, next to Jetty's, which consumes nothing. While a response is pending an
 * HTTP/1.1 client sends nothing, so when the socket becomes readable the client has either closed
 * or reset the connection, or pipelined its next request. On a plain socket the two are told apart
 * by the bytes waiting to be read (none at end-of-file): pipelined data stops the watch without
 * cancelling, as in Go. Behind TLS the bytes are records (a closing client sends a close_notify
 * alert), so readability itself counts as gone. A request whose body has not been read entirely is
 * not watched.
 *
 * <p>One daemon thread per watcher, blocked in {@link Selector#select()} while nothing happens;
 * {@link #close()} stops it. Requests not served by Jetty, or a Jetty without its packages wired,
 * are simply not watched.
 */
public final class ConnectionWatcher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ConnectionWatcher.class.getName());

    /** A watch that is not watching anything. */
    public static final Watch NONE = () -> {
    };

    /** An active watch; close it when the work it guards is done. */
    @FunctionalInterface
    public interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    private final Selector selector;
    private final Thread thread;
    private final Queue<Entry> added = new ConcurrentLinkedQueue<>();
    private final Queue<Entry> removed = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;
    private volatile boolean jettyMissing;

    /**
     * Opens the selector and starts the watching thread.
     *
     * @param threadName the thread's name
     * @throws IOException if no selector can be opened
     */
    public ConnectionWatcher(String threadName) throws IOException {
        this.selector = Selector.open();
        this.thread = new Thread(this::loop, threadName);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Watches the connection of {@code req} until the returned watch is closed; if the client goes
     * away meanwhile, {@code onGone} runs once, on the watcher's thread.
     */
    public Watch watch(HttpServletRequest req, Runnable onGone) {
        if (!running || jettyMissing || !bodyRead(req)) {
            return NONE;
        }
        JettyConnections.WatchedConnection conn;
        try {
            conn = JettyConnections.of(req);
        } catch (LinkageError e) {
            jettyMissing = true;
            LOG.log(System.Logger.Level.INFO, "HTTP requests are not served by Jetty 9.4 here (" + e
                    + "): queries are not cancelled when their client goes away");
            return NONE;
        }
        if (conn == null) {
            return NONE;
        }
        Entry entry = new Entry(conn, onGone);
        added.add(entry);
        selector.wakeup();
        return () -> {
            if (entry.done.compareAndSet(false, true)) {
                removed.add(entry);
                selector.wakeup();
            }
        };
    }

    /** Whether the request has no body or it has been read to its end (a form already parsed). */
    private static boolean bodyRead(HttpServletRequest req) {
        if (req.getContentLengthLong() <= 0 && req.getHeader("Transfer-Encoding") == null) {
            return true;
        }
        try {
            return req.getInputStream().isFinished();
        } catch (IllegalStateException | IOException e) {
            return false;
        }
    }

    /** Stops watching: no callback runs after this returns. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the connection watcher's selector", e);
        }
    }

    private void loop() {
        try {
            while (running) {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    readable(key);
                }
                selector.selectedKeys().clear();
                for (Entry e = removed.poll(); e != null; e = removed.poll()) {
                    if (e.key != null) {
                        e.key.cancel();
                    }
                }
                if (!added.isEmpty()) {
                    // Deregisters cancelled keys first, so a socket can be registered again for its
                    // next request; keys still readable are reported again by the next select.
                    selector.selectNow();
                    selector.selectedKeys().clear();
                }
                for (Entry e = added.poll(); e != null; e = added.poll()) {
                    register(e);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "the HTTP connection watcher stopped; queries are no longer "
                    + "cancelled when their client goes away", e);
            running = false;
        }
    }

    private void register(Entry e) {
        if (e.done.get()) {
            return;
        }
        try {
            e.key = e.conn.channel().register(selector, SelectionKey.OP_READ, e);
        } catch (ClosedChannelException ex) {
            gone(e);
        } catch (CancelledKeyException | IllegalBlockingModeException ex) {
            // A key of an earlier request not yet deregistered, or a socket Jetty does not drive itself.
            LOG.log(System.Logger.Level.DEBUG, "connection not watched", ex);
        }
    }

    private void readable(SelectionKey key) {
        Entry e = (Entry) key.attachment();
        key.cancel();
        if (e.done.get()) {
            return;
        }
        if (!e.conn.plainHttp()) {
            gone(e);
            return;
        }
        int waiting;
        try {
            waiting = e.conn.channel().socket().getInputStream().available();
        } catch (IOException ex) {
            waiting = 0;
        }
        if (waiting == 0) {
            gone(e);
        }
    }

    private static void gone(Entry e) {
        if (e.done.compareAndSet(false, true)) {
            try {
                e.onGone.run();
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, "reacting to a client that went away", ex);
            }
        }
    }

    /** One watched request. */
    private static final class Entry {
        final JettyConnections.WatchedConnection conn;
        final Runnable onGone;
        final AtomicBoolean done = new AtomicBoolean();
        SelectionKey key;

        Entry(JettyConnections.WatchedConnection conn, Runnable onGone) {
            this.conn = conn;
            this.onGone = onGone;
        }
    }
}
