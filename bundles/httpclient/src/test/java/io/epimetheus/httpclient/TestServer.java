package io.epimetheus.httpclient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A loopback HTTP/1.1 server on raw sockets (optionally TLS) that records every request — with
 * its connection number, and for TLS the SNI name, protocol and client certificate — and answers
 * what a handler returns. Keeps connections alive unless the response says otherwise.
 */
final class TestServer implements AutoCloseable {

    /** A request as received. */
    record Request(int connection, String method, String target, Map<String, List<String>> headers, byte[] body,
            String sni, String protocol, String clientSubject) {

        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? null : v.get(0);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A response: raw header lines after the status line, and a body sent with Content-Length. */
    record Response(int status, String reason, List<String> headers, byte[] body, boolean close) {

        static Response ok(String body) {
            return new Response(200, "OK", List.of(), body.getBytes(StandardCharsets.UTF_8), false);
        }

        static Response of(int status, String reason, String body, String... headers) {
            return new Response(status, reason, List.of(headers), body.getBytes(StandardCharsets.UTF_8), false);
        }

        Response closing() {
            return new Response(status, reason, headers, body, true);
        }
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile Function<Request, Response> handler;

    TestServer(Function<Request, Response> handler) throws IOException {
        this(null, false, handler);
    }

    TestServer(SSLContext tls, boolean needClientAuth, Function<Request, Response> handler) throws IOException {
        this(tls, needClientAuth, null, handler);
    }

    /** A TLS server limited to {@code protocols} when not {@code null}. */
    TestServer(SSLContext tls, boolean needClientAuth, String[] protocols, Function<Request, Response> handler)
            throws IOException {
        this.handler = handler;
        if (tls == null) {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } else {
            SSLServerSocket s = (SSLServerSocket) tls.getServerSocketFactory()
                    .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
            s.setNeedClientAuth(needClientAuth);
            if (protocols != null) {
                s.setEnabledProtocols(protocols);
            }
            server = s;
        }
        acceptor = new Thread(this::accept, "test-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    void handler(Function<Request, Response> h) {
        handler = h;
    }

    int port() {
        return server.getLocalPort();
    }

    String url(String path) {
        return (server instanceof SSLServerSocket ? "https" : "http") + "://127.0.0.1:" + port() + path;
    }

    int connections() {
        return connections.get();
    }

    /** Closes the connections the server holds open (kept alive), as a server's idle timeout would. */
    void dropIdleConnections() throws IOException {
        for (Socket s : open) {
            s.close();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return;
            }
            open.add(s);
            int id = connections.incrementAndGet();
            Thread t = new Thread(() -> serve(s, id), "test-server-" + id);
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket s, int id) {
        try (s) {
            String sni = null;
            String protocol = null;
            String subject = null;
            if (s instanceof SSLSocket ssl) {
                ssl.startHandshake();
                protocol = ssl.getSession().getProtocol();
                if (ssl.getSession() instanceof ExtendedSSLSession ext) {
                    for (SNIServerName n : ext.getRequestedServerNames()) {
                        if (n instanceof SNIHostName h) {
                            sni = h.getAsciiName();
                        }
                    }
                }
                try {
                    subject = ((X509Certificate) ssl.getSession().getPeerCertificates()[0]).getSubjectX500Principal()
                            .getName();
                } catch (SSLPeerUnverifiedException e) {
                    subject = null;
                }
            }
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (true) {
                List<String> head = readHead(in);
                if (head == null) {
                    return;
                }
                String[] requestLine = head.get(0).split(" ");
                Map<String, List<String>> headers = new LinkedHashMap<>();
                for (String h : head.subList(1, head.size())) {
                    int colon = h.indexOf(':');
                    headers.computeIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                            .add(h.substring(colon + 1).trim());
                }
                List<String> cl = headers.get("content-length");
                byte[] body = in.readNBytes(cl == null ? 0 : Integer.parseInt(cl.get(0)));
                Request r = new Request(id, requestLine[0], requestLine[1], headers, body, sni, protocol, subject);
                requests.add(r);
                Response resp = handler.apply(r);
                StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(resp.status()).append(' ')
                        .append(resp.reason()).append("\r\n");
                for (String h : resp.headers()) {
                    sb.append(h).append("\r\n");
                }
                sb.append("Content-Length: ").append(resp.body().length).append("\r\n");
                if (resp.close()) {
                    sb.append("Connection: close\r\n");
                }
                sb.append("\r\n");
                out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                out.write(resp.body());
                out.flush();
                if (resp.close()) {
                    return;
                }
            }
        } catch (IOException e) {
            // The client went away or the handshake failed: the test sees that on its side.
        } finally {
            open.remove(s);
        }
    }

    /** The request line and header lines, or {@code null} at end of stream. */
    static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            if (b == '\n') {
                String l = line.toString(StandardCharsets.UTF_8);
                if (l.endsWith("\r")) {
                    l = l.substring(0, l.length() - 1);
                }
                line.reset();
                if (l.isEmpty()) {
                    return lines;
                }
                lines.add(l);
            } else {
                line.write(b);
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropIdleConnections();
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
