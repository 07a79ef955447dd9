package io.epimetheus.scrape.http;

import io.epimetheus.api.config.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A blocking HTTP/1.1 client for one target: one kept-alive connection, reusable buffers for the
 * response, {@code gzip} decoding with a reusable inflater, chunked transfer encoding, redirects,
 * proxies and TLS. A steady scrape allocates only the request headers. Not thread-safe: used by one
 * scrape loop at a time.
 */
public final class TargetConnection implements AutoCloseable {

    private static final int MAX_REDIRECTS = 10;
    private static final int MAX_HEADER_LINE = 64 * 1024;
    private static final int KEEP_CAPACITY = 8 * 1024 * 1024;

    private final HttpScrapeClient client;
    private final byte[] in = new byte[32 * 1024];
    private int inPos;
    private int inLen;
    private final ByteBuf raw = new ByteBuf(16 * 1024);
    private final ByteBuf body = new ByteBuf(16 * 1024);
    private final StringBuilder line = new StringBuilder(128);
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();

    private Socket socket;
    private InputStream input;
    private OutputStream output;
    private String connectedTo;
    private long deadline;

    // Response headers of the current response.
    private int status;
    private String reason;
    private String contentType;
    private String contentEncoding;
    private String location;
    private long contentLength;
    private boolean chunked;
    private boolean closeAfter;

    TargetConnection(HttpScrapeClient client) {
        this.client = client;
    }

    /** A fetched body: bytes {@code [0, length)} of {@link #body()} (decompressed), and its content type. */
    public ByteBuf body() {
        return body;
    }

    /** The {@code Content-Type} of the last response, or {@code null}. */
    public String contentType() {
        return contentType;
    }

    /**
     * GETs {@code url} and reads the whole (decompressed) body into {@link #body()}.
     *
     * @param accept the {@code Accept} header
     * @param gzip whether to ask for gzip
     * @param timeoutSeconds the {@code X-Prometheus-Scrape-Timeout-Seconds} value
     * @param timeoutNanos how long the whole request may take
     * @param bodyLimit the maximum uncompressed body size, 0 for none
     * @throws ScrapeException with Prometheus's wording when the scrape fails
     */
    public void fetch(String url, String accept, boolean gzip, String timeoutSeconds, long timeoutNanos, long bodyLimit)
            throws ScrapeException {
        deadline = System.nanoTime() + timeoutNanos;
        String current = url;
        for (int redirects = 0; ; redirects++) {
            URI uri;
            try {
                uri = URI.create(current);
            } catch (IllegalArgumentException e) {
                throw new ScrapeException("parse " + quote(current) + ": " + e.getMessage());
            }
            try {
                request(uri, accept, gzip, timeoutSeconds);
                readHead();
                if (isRedirect(status) && client.followRedirects() && location != null) {
                    discardBody();
                    if (redirects >= MAX_REDIRECTS) {
                        throw new ScrapeException("Get " + quote(url) + ": stopped after 10 redirects");
                    }
                    current = uri.resolve(location).toString();
                    continue;
                }
                if (status != 200) {
                    closeSocket();
                    throw new ScrapeException("server returned HTTP status " + status + (reason.isEmpty() ? "" : " " + reason));
                }
                readBody(bodyLimit);
                if (closeAfter) {
                    closeSocket();
                }
                return;
            } catch (SocketTimeoutException e) {
                closeSocket();
                throw new ScrapeException("Get " + quote(current) + ": context deadline exceeded");
            } catch (ScrapeException e) {
                closeSocket();
                throw e;
            } catch (IOException e) {
                closeSocket();
                throw new ScrapeException("Get " + quote(current) + ": " + describe(e, uri));
            }
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private void request(URI uri, String accept, boolean gzip, String timeoutSeconds) throws IOException, ScrapeException {
        String scheme = uri.getScheme();
        String host = uri.getHost();
        if (host == null || (!"http".equals(scheme) && !"https".equals(scheme))) {
            throw new ScrapeException("Get " + quote(uri.toString()) + ": unsupported protocol scheme " + quote(scheme == null ? "" : scheme));
        }
        int port = uri.getPort() > 0 ? uri.getPort() : ("https".equals(scheme) ? 443 : 80);
        HttpScrapeClient.Proxy proxy = client.proxyFor(scheme, host);
        String key = scheme + "://" + host + ":" + port;
        if (socket == null || !key.equals(connectedTo) || socket.isClosed()) {
            closeSocket();
            connect(scheme, host, port, proxy);
            connectedTo = key;
        }
        StringBuilder r = new StringBuilder(256);
        String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            target = target + "?" + uri.getRawQuery();
        }
        if (proxy != null && "http".equals(scheme)) {
            target = scheme + "://" + uri.getRawAuthority() + target;
        }
        r.append("GET ").append(target).append(" HTTP/1.1\r\n");
        r.append("Host: ").append(uri.getRawAuthority()).append("\r\n");
        r.append("User-Agent: Prometheus/3.0.0 (Epimetheus)\r\n");
        r.append("Accept: ").append(accept).append("\r\n");
        r.append("Accept-Encoding: ").append(gzip ? "gzip" : "identity").append("\r\n");
        r.append("X-Prometheus-Scrape-Timeout-Seconds: ").append(timeoutSeconds).append("\r\n");
        String auth = client.authorization();
        if (auth != null) {
            r.append("Authorization: ").append(auth).append("\r\n");
        }
        if (proxy != null && "http".equals(scheme) && proxy.authorization() != null) {
            r.append("Proxy-Authorization: ").append(proxy.authorization()).append("\r\n");
        }
        client.appendHeaders(r);
        r.append("\r\n");
        setTimeout();
        output.write(r.toString().getBytes(StandardCharsets.UTF_8));
        output.flush();
    }

    private void connect(String scheme, String host, int port, HttpScrapeClient.Proxy proxy)
            throws IOException, ScrapeException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        String connectHost = proxy == null ? host : proxy.host();
        int connectPort = proxy == null ? port : proxy.port();
        s.connect(new InetSocketAddress(connectHost, connectPort), remainingMillis());
        socket = s;
        input = s.getInputStream();
        output = s.getOutputStream();
        inPos = 0;
        inLen = 0;
        if (proxy != null && "https".equals(scheme)) {
            tunnel(host, port, proxy);
        }
        if ("https".equals(scheme)) {
            String verifyName = client.tlsServerName(host);
            SSLSocket ssl = (SSLSocket) client.tlsFactory().createSocket(s, verifyName, port, true);
            SSLParameters params = ssl.getSSLParameters();
            if (client.verifyHostname()) {
                params.setEndpointIdentificationAlgorithm("HTTPS");
            }
            try {
                params.setServerNames(List.of(new SNIHostName(verifyName)));
            } catch (IllegalArgumentException e) {
                // An IP address: no SNI.
            }
            if (client.tlsProtocols() != null) {
                params.setProtocols(client.tlsProtocols());
            }
            ssl.setSSLParameters(params);
            ssl.setSoTimeout(remainingMillis());
            ssl.startHandshake();
            socket = ssl;
            input = ssl.getInputStream();
            output = ssl.getOutputStream();
        }
    }

    /** Opens a {@code CONNECT} tunnel through an HTTP proxy. */
    private void tunnel(String host, int port, HttpScrapeClient.Proxy proxy) throws IOException, ScrapeException {
        StringBuilder r = new StringBuilder();
        r.append("CONNECT ").append(host).append(':').append(port).append(" HTTP/1.1\r\n");
        r.append("Host: ").append(host).append(':').append(port).append("\r\n");
        if (proxy.authorization() != null) {
            r.append("Proxy-Authorization: ").append(proxy.authorization()).append("\r\n");
        }
        for (Map.Entry<String, List<Secret>> h : proxy.connectHeaders().entrySet()) {
            for (Secret v : h.getValue()) {
                r.append(h.getKey()).append(": ").append(v.value()).append("\r\n");
            }
        }
        r.append("\r\n");
        setTimeout();
        output.write(r.toString().getBytes(StandardCharsets.UTF_8));
        output.flush();
        readHead();
        if (status != 200) {
            throw new ScrapeException("proxyconnect tcp: proxy refused the tunnel: " + status + " " + reason);
        }
        inPos = 0;
        inLen = 0;
    }

    private void readHead() throws IOException, ScrapeException {
        String statusLine = readLine();
        if (!statusLine.startsWith("HTTP/1.")) {
            throw new ScrapeException("malformed HTTP response " + quote(statusLine));
        }
        int sp1 = statusLine.indexOf(' ');
        int sp2 = statusLine.indexOf(' ', sp1 + 1);
        try {
            status = Integer.parseInt(statusLine.substring(sp1 + 1, sp2 < 0 ? statusLine.length() : sp2));
        } catch (RuntimeException e) {
            throw new ScrapeException("malformed HTTP status line " + quote(statusLine));
        }
        reason = sp2 < 0 ? "" : statusLine.substring(sp2 + 1);
        contentType = null;
        contentEncoding = null;
        location = null;
        contentLength = -1;
        chunked = false;
        closeAfter = statusLine.startsWith("HTTP/1.0");
        String h;
        while (!(h = readLine()).isEmpty()) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String value = h.substring(colon + 1).trim();
            if (headerIs(h, colon, "content-type")) {
                contentType = value;
            } else if (headerIs(h, colon, "content-length")) {
                try {
                    contentLength = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new ScrapeException("bad Content-Length " + quote(value));
                }
            } else if (headerIs(h, colon, "transfer-encoding")) {
                chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
            } else if (headerIs(h, colon, "content-encoding")) {
                contentEncoding = value;
            } else if (headerIs(h, colon, "connection")) {
                closeAfter = value.equalsIgnoreCase("close") || (closeAfter && !value.equalsIgnoreCase("keep-alive"));
            } else if (headerIs(h, colon, "location")) {
                location = value;
            }
        }
    }

    private static boolean headerIs(String line, int colon, String name) {
        return colon == name.length() && line.regionMatches(true, 0, name, 0, colon);
    }

    private void readBody(long bodyLimit) throws IOException, ScrapeException {
        boolean gzipped = "gzip".equalsIgnoreCase(contentEncoding);
        ByteBuf target = gzipped ? raw : body;
        // The raw gzip body may exceed the limit only by the compression overhead.
        long rawLimit = bodyLimit <= 0 ? Long.MAX_VALUE : (gzipped ? bodyLimit + (bodyLimit >> 3) + 1024 : bodyLimit);
        target.clear();
        if (chunked) {
            readChunked(target, rawLimit);
        } else if (contentLength >= 0) {
            if (contentLength > rawLimit || (!gzipped && bodyLimit > 0 && contentLength >= bodyLimit)) {
                closeAfter = true;
                throw new ScrapeException("body size limit exceeded", true);
            }
            readExactly(target, (int) contentLength);
        } else {
            readToEnd(target, rawLimit);
            closeAfter = true;
        }
        if (gzipped) {
            gunzip(raw, body, bodyLimit);
        } else if (bodyLimit > 0 && body.length() >= bodyLimit) {
            throw new ScrapeException("body size limit exceeded", true);
        }
        raw.trimTo(KEEP_CAPACITY);
        body.trimTo(KEEP_CAPACITY);
    }

    /** Skips a response body that is not used (a redirect's). */
    private void discardBody() throws IOException, ScrapeException {
        raw.clear();
        if (chunked) {
            readChunked(raw, Long.MAX_VALUE);
        } else if (contentLength > 0) {
            readExactly(raw, (int) contentLength);
        } else if (contentLength < 0) {
            closeAfter = true;
        }
        if (closeAfter) {
            closeSocket();
        }
    }

    private void readChunked(ByteBuf target, long limit) throws IOException, ScrapeException {
        while (true) {
            String sizeLine = readLine();
            int semi = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new ScrapeException("malformed chunked encoding: bad chunk size " + quote(sizeLine));
            }
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // Trailer headers are ignored.
                }
                return;
            }
            if (target.length() + size > limit) {
                closeAfter = true;
                throw new ScrapeException("body size limit exceeded", true);
            }
            readExactly(target, (int) size);
            if (!readLine().isEmpty()) {
                throw new ScrapeException("malformed chunked encoding");
            }
        }
    }

    private void readExactly(ByteBuf target, int n) throws IOException, ScrapeException {
        target.ensure(n);
        int remaining = n;
        while (remaining > 0) {
            if (inPos == inLen && !fill()) {
                throw new ScrapeException("unexpected EOF");
            }
            int k = Math.min(remaining, inLen - inPos);
            target.append(in, inPos, k);
            inPos += k;
            remaining -= k;
        }
    }

    private void readToEnd(ByteBuf target, long limit) throws IOException, ScrapeException {
        while (true) {
            if (inPos == inLen && !fill()) {
                return;
            }
            int k = inLen - inPos;
            if (target.length() + k > limit) {
                throw new ScrapeException("body size limit exceeded", true);
            }
            target.append(in, inPos, k);
            inPos += k;
        }
    }

    /** Decodes one or more gzip members from {@code src} into {@code dst}. */
    private void gunzip(ByteBuf src, ByteBuf dst, long limit) throws ScrapeException {
        dst.clear();
        byte[] s = src.array();
        int end = src.length();
        int pos = 0;
        do {
            pos = gzipHeader(s, pos, end);
            inflater.reset();
            inflater.setInput(s, pos, end - pos);
            crc.reset();
            int memberStart = dst.length();
            try {
                while (!inflater.finished()) {
                    if (dst.free() == 0) {
                        dst.ensure(Math.max(16 * 1024, dst.length()));
                    }
                    int n = inflater.inflate(dst.array(), dst.length(), dst.free());
                    if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        throw new ScrapeException("unexpected EOF");
                    }
                    dst.setLength(dst.length() + n);
                    if (limit > 0 && dst.length() >= limit) {
                        throw new ScrapeException("body size limit exceeded", true);
                    }
                }
            } catch (DataFormatException e) {
                throw new ScrapeException("gzip: invalid compressed data: " + e.getMessage());
            }
            crc.update(dst.array(), memberStart, dst.length() - memberStart);
            pos = end - inflater.getRemaining();
            if (end - pos < 8) {
                throw new ScrapeException("unexpected EOF");
            }
            long wantCrc = le32(s, pos);
            long wantSize = le32(s, pos + 4);
            if (wantCrc != crc.getValue() || wantSize != ((dst.length() - memberStart) & 0xFFFFFFFFL)) {
                throw new ScrapeException("gzip: invalid checksum");
            }
            pos += 8;
        } while (pos < end);
    }

    private static int gzipHeader(byte[] s, int pos, int end) throws ScrapeException {
        if (end - pos < 10) {
            throw new ScrapeException("unexpected EOF");
        }
        if ((s[pos] & 0xFF) != 0x1f || (s[pos + 1] & 0xFF) != 0x8b || s[pos + 2] != 8) {
            throw new ScrapeException("gzip: invalid header");
        }
        int flags = s[pos + 3] & 0xFF;
        int p = pos + 10;
        if ((flags & 4) != 0) {
            if (end - p < 2) {
                throw new ScrapeException("unexpected EOF");
            }
            p += 2 + ((s[p] & 0xFF) | (s[p + 1] & 0xFF) << 8);
        }
        if ((flags & 8) != 0) {
            p = skipZeroTerminated(s, p, end);
        }
        if ((flags & 16) != 0) {
            p = skipZeroTerminated(s, p, end);
        }
        if ((flags & 2) != 0) {
            p += 2;
        }
        if (p > end) {
            throw new ScrapeException("unexpected EOF");
        }
        return p;
    }

    private static int skipZeroTerminated(byte[] s, int p, int end) {
        while (p < end && s[p] != 0) {
            p++;
        }
        return p + 1;
    }

    private static long le32(byte[] s, int p) {
        return (s[p] & 0xFFL) | (s[p + 1] & 0xFFL) << 8 | (s[p + 2] & 0xFFL) << 16 | (s[p + 3] & 0xFFL) << 24;
    }

    private String readLine() throws IOException, ScrapeException {
        line.setLength(0);
        while (true) {
            if (inPos == inLen && !fill()) {
                throw new ScrapeException(line.length() == 0 ? "EOF" : "unexpected EOF");
            }
            byte b = in[inPos++];
            if (b == '\n') {
                int n = line.length();
                if (n > 0 && line.charAt(n - 1) == '\r') {
                    line.setLength(n - 1);
                }
                return line.toString();
            }
            if (line.length() >= MAX_HEADER_LINE) {
                throw new ScrapeException("HTTP header line too long");
            }
            line.append((char) (b & 0xFF));
        }
    }

    private boolean fill() throws IOException {
        setTimeout();
        int n = input.read(in, 0, in.length);
        if (n <= 0) {
            return false;
        }
        inPos = 0;
        inLen = n;
        return true;
    }

    private void setTimeout() throws IOException {
        socket.setSoTimeout(remainingMillis());
    }

    private int remainingMillis() throws SocketTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException();
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    private static String describe(IOException e, URI uri) {
        String hostPort = uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80));
        if (e instanceof ConnectException) {
            return "dial tcp " + hostPort + ": connect: connection refused";
        }
        if (e instanceof UnknownHostException) {
            return "dial tcp: lookup " + uri.getHost() + ": no such host";
        }
        if (e instanceof SSLException) {
            return "tls: " + e.getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    private void closeSocket() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing a broken connection: nothing more to do.
            }
            socket = null;
            input = null;
            output = null;
            connectedTo = null;
        }
        inPos = 0;
        inLen = 0;
    }

    /** Closes the connection and frees the inflater; the connection must not be used afterwards. */
    @Override
    public void close() {
        closeSocket();
        inflater.end();
    }
}
