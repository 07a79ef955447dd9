package io.epimetheus.httpclient;

import io.epimetheus.api.config.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 connection of an {@link HttpClient}: kept alive between requests (reconnecting when
 * the target, the proxy or the TLS files change, after five idle minutes, and once when a reused
 * connection turns out closed by the server), with reusable buffers for the response, {@code gzip}
 * decoding with a reusable inflater, chunked transfer encoding, Go's redirect rules, HTTP, HTTPS
 * and SOCKS5 proxies (with {@code CONNECT} tunnels for HTTPS) and TLS. A steady exchange allocates
 * only its request head.
 *
 * <p>An exchange is {@link #send}, then one of {@link #readBody}, {@link #bodyStream} or {@link
 * #discardBody}. A timeout covers the whole exchange, body included. Not thread-safe: one thread
 * at a time uses a connection; only {@link #abort} may be called from another thread.
 */
public final class HttpConnection implements AutoCloseable {

    private static final int MAX_REDIRECTS = 10;
    private static final int MAX_HEADER_LINE = 64 * 1024;
    private static final int MAX_HEADER_LINES = 1024;
    private static final int KEEP_CAPACITY = 8 * 1024 * 1024;
    /** Prometheus closes connections idle for longer than this. */
    private static final long IDLE_TIMEOUT_NANOS = 5 * 60 * 1_000_000_000L;
    /** A body left unread up to this size is skipped to keep the connection; a larger one closes it. */
    private static final int DISCARD_LIMIT = 256 * 1024;
    /** A request body up to this size goes out in the same write as the head. */
    private static final int INLINE_BODY = 16 * 1024;
    private static final int PRESIZE_LIMIT = 64 * 1024 * 1024;

    private final HttpClient client;
    private final byte[] in = new byte[32 * 1024];
    private int inPos;
    private int inLen;
    private final StringBuilder head = new StringBuilder(512);
    private final ByteBuf out = new ByteBuf(1024);
    private final ByteBuf raw = new ByteBuf(16 * 1024);
    private final ByteBuf body = new ByteBuf(16 * 1024);
    private final StringBuilder line = new StringBuilder(128);
    private final List<String> headerLines = new ArrayList<>();
    private final CRC32 crc = new CRC32();
    private Inflater inflater;

    /** The TCP socket under any TLS; {@link #abort} closes it from another thread. */
    private volatile Socket tcp;
    private Socket socket;
    private InputStream input;
    private OutputStream output;
    private String connectedTo;
    private long tlsGeneration;
    private long idleSince;
    private long deadline;

    // The last URL parsed, and the connection key of the last request: what it connects to.
    private String parsedUrl;
    private URI parsedUri;
    private URI keyUri;
    private ProxyRules.Proxy keyProxy;
    private String key;

    // The request in progress, for error messages.
    private String method = "GET";
    private String url = "";
    private String dialAddress = "";

    // The response in progress.
    private int status;
    private String reason = "";
    private boolean responseStarted;
    private boolean bodyPending;
    private boolean chunked;
    private boolean chunkStarted;
    private long chunkLeft;
    /** Bytes of a {@code Content-Length} body still to read; -1 for a body that ends with the connection. */
    private long remaining;
    private boolean closeAfter;

    HttpConnection(HttpClient client) {
        this.client = client;
    }

    /**
     * Sends a request and reads the response's status and headers, following redirects as Go's
     * client does when {@code follow_redirects} is on (at most 10; 301, 302 and 303 turn a POST
     * into a GET without body, 307 and 308 repeat it). Credentials are not sent to another host
     * a redirect leads to.
     *
     * @param method {@code GET}, {@code POST}, ...
     * @param headers the caller's headers; the client adds credentials, {@code http_headers},
     *     {@code Host} and {@code Content-Length}
     * @param body the request body, or {@code null} for none
     * @param timeoutNanos how long the whole exchange, body included, may take
     * @return the status code of the final response
     * @throws HttpException worded as Go's client: {@code Get "<url>": context deadline exceeded}
     */
    public int send(String method, String url, RequestHeaders headers, byte[] body, int off, int len,
            long timeoutNanos) throws HttpException {
        deadline = System.nanoTime() + timeoutNanos;
        if (bodyPending) {
            closeSocket();
        }
        String current = url;
        String m = method;
        byte[] b = body;
        String originalHost = null;
        boolean crossHost = false;
        for (int redirects = 0; ; redirects++) {
            this.method = m;
            this.url = current;
            URI uri = parse(current);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new HttpException(prefix() + "unsupported protocol scheme " + quote(scheme));
            }
            if (uri.getHost() == null) {
                throw new HttpException(prefix() + "http: no Host in request URL");
            }
            String host = uri.getHost().toLowerCase(Locale.ROOT);
            if (originalHost == null) {
                originalHost = host;
            } else if (!crossHost && !isDomainOrSubdomain(host, originalHost)) {
                crossHost = true;
            }
            try {
                exchange(uri, scheme.equals("https"), m, headers, b, off, len, crossHost);
            } catch (SocketTimeoutException e) {
                closeSocket();
                throw new HttpException(prefix() + "context deadline exceeded", e);
            } catch (HttpException e) {
                closeSocket();
                throw new HttpException(prefix() + e.getMessage(), e.getCause());
            } catch (IOException e) {
                closeSocket();
                throw new HttpException(prefix() + describe(e), e);
            }
            if (!isRedirect(status) || !client.followRedirects()) {
                return status;
            }
            String location = header("Location");
            if (location == null || location.isEmpty()) {
                return status;
            }
            if (redirects >= MAX_REDIRECTS) {
                closeSocket();
                throw new HttpException(prefix() + "stopped after " + MAX_REDIRECTS + " redirects");
            }
            discardBody();
            try {
                current = uri.resolve(location).toString();
            } catch (IllegalArgumentException e) {
                throw new HttpException(prefix() + "failed to parse Location header " + quote(location) + ": "
                        + e.getMessage());
            }
            if (status <= 303 && !m.equals("GET") && !m.equals("HEAD")) {
                m = "GET";
                b = null;
            }
        }
    }

    /** The parsed URL; a connection that requests the same URL again (a scrape loop) parses it once. */
    private URI parse(String url) throws HttpException {
        if (!url.equals(parsedUrl)) {
            try {
                parsedUri = new URI(url);
            } catch (URISyntaxException e) {
                throw new HttpException("parse " + quote(url) + ": " + e.getMessage());
            }
            parsedUrl = url;
        }
        return parsedUri;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** Go's {@code isDomainOrSubdomain}: whether a redirect stays on the original host or below it. */
    static boolean isDomainOrSubdomain(String sub, String parent) {
        if (sub.equals(parent)) {
            return true;
        }
        if (sub.indexOf(':') >= 0 || sub.indexOf('%') >= 0 || !sub.endsWith(parent)) {
            return false;
        }
        return sub.length() > parent.length() && sub.charAt(sub.length() - parent.length() - 1) == '.';
    }

    /** One request and its response head, on the kept connection when it fits, else on a new one. */
    private void exchange(URI uri, boolean https, String method, RequestHeaders headers, byte[] body, int off,
            int len, boolean crossHost) throws IOException {
        String host = ProxyRules.unbracket(uri.getHost());
        int port = uri.getPort() > 0 ? uri.getPort() : (https ? 443 : 80);
        ProxyRules.Proxy proxy = client.proxies().select(https ? "https" : "http", host, port);
        TlsMaterial.Loaded tls = https || (proxy != null && proxy.scheme().equals("https")) ? client.tls().current() : null;
        if (uri != keyUri || proxy != keyProxy) {
            key = (https ? "https://" : "http://") + Socks5.hostPort(host, port) + (proxy == null ? "" : " via " + proxy);
            keyUri = uri;
            keyProxy = proxy;
        }
        boolean reuse = socket != null && key.equals(connectedTo) && (tls == null || tls.generation() == tlsGeneration)
                && System.nanoTime() - idleSince < IDLE_TIMEOUT_NANOS;
        writeHead(uri, method, headers, body == null ? -1 : len, proxy, https, crossHost);
        while (true) {
            if (!reuse) {
                closeSocket();
                connect(https, host, port, proxy, tls);
                connectedTo = key;
                tlsGeneration = tls == null ? 0 : tls.generation();
            }
            try {
                write(body, off, len);
                readHead(method);
                return;
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                if (!reuse || responseStarted) {
                    throw e;
                }
                // The server closed the kept-alive connection: the request goes again on a new one.
                reuse = false;
            }
        }
    }

    /** Formats the request head into {@link #out}. */
    private void writeHead(URI uri, String method, RequestHeaders headers, int contentLength, ProxyRules.Proxy proxy,
            boolean https, boolean crossHost) throws IOException {
        String authority = uri.getRawAuthority();
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1);
        }
        head.setLength(0);
        head.append(method).append(' ');
        if (proxy != null && !proxy.isSocks() && !https) {
            head.append("http://").append(authority);
        }
        String path = uri.getRawPath();
        head.append(path == null || path.isEmpty() ? "/" : path);
        if (uri.getRawQuery() != null) {
            head.append('?').append(uri.getRawQuery());
        }
        head.append(" HTTP/1.1\r\nHost: ").append(authority).append("\r\n");
        head.append(headers.block());
        client.appendCredentialsAndHeaders(head, headers, uri, crossHost, remainingNanos());
        if (proxy != null && !proxy.isSocks() && !https && proxy.authorization() != null) {
            RequestHeaders.appendLine(head, "Proxy-Authorization", proxy.authorization());
        }
        if (contentLength >= 0) {
            head.append("Content-Length: ").append(contentLength).append("\r\n");
        }
        head.append("\r\n");
        encode(head, out);
    }

    /** UTF-8 of {@code s} into {@code dst}, without allocating for ASCII. */
    private static void encode(CharSequence s, ByteBuf dst) {
        dst.clear();
        int n = s.length();
        dst.ensure(n);
        byte[] a = dst.array();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                dst.clear();
                byte[] utf8 = s.toString().getBytes(StandardCharsets.UTF_8);
                dst.append(utf8, 0, utf8.length);
                return;
            }
            a[i] = (byte) c;
        }
        dst.setLength(n);
    }

    private void write(byte[] body, int off, int len) throws IOException {
        responseStarted = false;
        setTimeout();
        if (body != null && len <= INLINE_BODY) {
            int headLength = out.length();
            out.append(body, off, len);
            output.write(out.array(), 0, out.length());
            out.setLength(headLength);
        } else {
            output.write(out.array(), 0, out.length());
            if (body != null) {
                output.write(body, off, len);
            }
        }
        output.flush();
    }

    private void connect(boolean https, String host, int port, ProxyRules.Proxy proxy, TlsMaterial.Loaded tls)
            throws IOException {
        Socket s = new Socket();
        tcp = s;
        s.setTcpNoDelay(true);
        String dialHost = proxy == null ? host : proxy.host();
        int dialPort = proxy == null ? port : proxy.port();
        dialAddress = Socks5.hostPort(dialHost, dialPort);
        try {
            s.connect(new InetSocketAddress(dialHost, dialPort), remainingMillis());
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            throw proxy == null ? e : new HttpException("proxyconnect tcp: " + describeDial(e, dialHost), e);
        }
        socket = s;
        input = s.getInputStream();
        output = s.getOutputStream();
        inPos = 0;
        inLen = 0;
        if (proxy != null) {
            if (proxy.scheme().equals("https")) {
                secure(client.tls().handshake(tls, s, proxy.host(), proxy.port(), remainingMillis()));
            }
            if (proxy.isSocks()) {
                s.setSoTimeout(remainingMillis());
                Socks5.connect(socket, proxy, host, port);
            } else if (https) {
                tunnel(host, port, proxy);
            }
        }
        if (https) {
            secure(client.tls().handshake(tls, socket, host, port, remainingMillis()));
        }
        idleSince = System.nanoTime();
    }

    private void secure(SSLSocket ssl) throws IOException {
        socket = ssl;
        input = ssl.getInputStream();
        output = ssl.getOutputStream();
    }

    /** Opens a {@code CONNECT} tunnel through an HTTP proxy, with {@code proxy_connect_header}. */
    private void tunnel(String host, int port, ProxyRules.Proxy proxy) throws IOException {
        String target = Socks5.hostPort(host, port);
        StringBuilder r = new StringBuilder(128);
        r.append("CONNECT ").append(target).append(" HTTP/1.1\r\nHost: ").append(target).append("\r\n");
        if (proxy.authorization() != null) {
            RequestHeaders.appendLine(r, "Proxy-Authorization", proxy.authorization());
        }
        for (Map.Entry<String, List<Secret>> h : client.config().proxy().proxyConnectHeader().entrySet()) {
            for (Secret v : h.getValue()) {
                RequestHeaders.appendLine(r, h.getKey(), v.value());
            }
        }
        r.append("\r\n");
        setTimeout();
        output.write(r.toString().getBytes(StandardCharsets.UTF_8));
        output.flush();
        readHead("CONNECT");
        if (status != 200) {
            throw new HttpException(reason.isEmpty() ? "unknown status code" : reason);
        }
        inPos = 0;
        inLen = 0;
    }

    /** Reads the status line and headers of the response (after any 1xx), and how its body is framed. */
    private void readHead(String requestMethod) throws IOException {
        String statusLine;
        do {
            statusLine = readStatusLine();
            headerLines.clear();
            String h;
            while (!(h = readLine()).isEmpty()) {
                if (headerLines.size() == MAX_HEADER_LINES) {
                    throw new HttpException("net/http: server response headers exceeded " + MAX_HEADER_LINES + " lines");
                }
                headerLines.add(h);
            }
        } while (status >= 100 && status < 200 && status != 101);
        chunked = false;
        chunkStarted = false;
        chunkLeft = 0;
        remaining = -1;
        closeAfter = statusLine.startsWith("HTTP/1.0");
        for (String h : headerLines) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            if (headerIs(h, colon, "content-length")) {
                try {
                    remaining = Long.parseLong(h.substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    throw new HttpException("bad Content-Length " + quote(h.substring(colon + 1).trim()));
                }
            } else if (headerIs(h, colon, "transfer-encoding")) {
                chunked = h.toLowerCase(Locale.ROOT).contains("chunked");
            } else if (headerIs(h, colon, "connection")) {
                String v = h.substring(colon + 1).trim();
                closeAfter = v.equalsIgnoreCase("close") || (closeAfter && !v.equalsIgnoreCase("keep-alive"));
            }
        }
        if (requestMethod.equals("CONNECT")) {
            // The tunnel's bytes follow: there is no body, and the connection stays whatever it says.
            bodyPending = false;
            return;
        }
        if (requestMethod.equals("HEAD") || status == 204 || status == 304) {
            chunked = false;
            remaining = 0;
        } else if (chunked) {
            remaining = -1;
        } else if (remaining < 0) {
            closeAfter = true;
        }
        bodyPending = true;
        if (!chunked && remaining == 0) {
            endBody();
        }
    }

    private String readStatusLine() throws IOException {
        line.setLength(0);
        if (inPos == inLen && !fill()) {
            throw new IOException("EOF");
        }
        responseStarted = true;
        String statusLine = readLine();
        if (!statusLine.startsWith("HTTP/1.")) {
            throw new HttpException("malformed HTTP response " + quote(statusLine));
        }
        int sp1 = statusLine.indexOf(' ');
        int sp2 = statusLine.indexOf(' ', sp1 + 1);
        String code = sp1 < 0 ? "" : statusLine.substring(sp1 + 1, sp2 < 0 ? statusLine.length() : sp2);
        try {
            status = Integer.parseInt(code);
        } catch (NumberFormatException e) {
            throw new HttpException("malformed HTTP status code " + quote(code));
        }
        if (code.length() != 3 || status < 100) {
            throw new HttpException("malformed HTTP status code " + quote(code));
        }
        reason = sp2 < 0 ? "" : statusLine.substring(sp2 + 1);
        return statusLine;
    }

    private static boolean headerIs(String line, int colon, String name) {
        return colon == name.length() && line.regionMatches(true, 0, name, 0, colon);
    }

    /** The status code of the last response. */
    public int status() {
        return status;
    }

    /** The reason phrase of the last response ({@code Not Found}), possibly empty. */
    public String reason() {
        return reason;
    }

    /** The first value of a header of the last response (case-insensitive name), or {@code null}. */
    public String header(String name) {
        for (int i = 0; i < headerLines.size(); i++) {
            String h = headerLines.get(i);
            int colon = h.indexOf(':');
            if (colon > 0 && headerIs(h, colon, name)) {
                return h.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** The {@code Content-Type} of the last response, or {@code null}. */
    public String contentType() {
        return header("Content-Type");
    }

    /** The body read by {@link #readBody}: bytes {@code [0, length)}, valid until the next exchange. */
    public ByteBuf body() {
        return body;
    }

    /**
     * Reads the whole body of the last response into {@link #body()}, decoded when its {@code
     * Content-Encoding} is {@code gzip}.
     *
     * @param limit the largest decoded size, 0 for no limit; a body of {@code limit} bytes or more
     *     fails with {@link HttpException#isBodySizeLimit()}
     */
    public ByteBuf readBody(long limit) throws HttpException {
        try {
            boolean gzipped = "gzip".equalsIgnoreCase(header("Content-Encoding"));
            ByteBuf target = gzipped ? raw : body;
            // The compressed body may exceed the limit only by the compression overhead.
            long rawLimit = limit <= 0 ? Long.MAX_VALUE : (gzipped ? limit + (limit >> 3) + 1024 : limit);
            target.clear();
            if (bodyPending && !chunked && remaining >= 0) {
                if (remaining > rawLimit || (!gzipped && limit > 0 && remaining >= limit)) {
                    closeSocket();
                    throw HttpException.bodySizeLimitExceeded();
                }
                // Pre-sized up to a bound: a server may announce more than it sends.
                target.ensure((int) Math.min(remaining, PRESIZE_LIMIT));
            }
            while (true) {
                if (target.free() == 0) {
                    target.ensure(Math.max(16 * 1024, target.length()));
                }
                int n = readBodyBytes(target.array(), target.length(), target.free());
                if (n < 0) {
                    break;
                }
                target.setLength(target.length() + n);
                if (target.length() > rawLimit) {
                    closeSocket();
                    throw HttpException.bodySizeLimitExceeded();
                }
            }
            if (gzipped) {
                gunzip(raw, body, limit);
            } else if (limit > 0 && body.length() >= limit) {
                throw HttpException.bodySizeLimitExceeded();
            }
            raw.trimTo(KEEP_CAPACITY);
            body.trimTo(KEEP_CAPACITY);
            return body;
        } catch (IOException e) {
            throw bodyError(e);
        }
    }

    /**
     * The body of the last response as a stream (not decoded). Reading it to the end keeps the
     * connection for the next request; closing it earlier closes the connection.
     */
    public InputStream bodyStream() {
        return new InputStream() {
            private final byte[] one = new byte[1];

            @Override
            public int read() throws IOException {
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return readBodyBytes(b, off, len);
                } catch (IOException e) {
                    throw bodyError(e);
                }
            }

            @Override
            public void close() {
                if (bodyPending) {
                    closeSocket();
                }
            }
        };
    }

    /** Skips the body of the last response; a large or endless one closes the connection instead. */
    public void discardBody() {
        if (!bodyPending) {
            return;
        }
        if (!chunked && (remaining < 0 || remaining > DISCARD_LIMIT)) {
            closeSocket();
            return;
        }
        long total = 0;
        try {
            int n;
            while ((n = readBodyBytes(raw.array(), 0, raw.array().length)) >= 0) {
                total += n;
                if (total > DISCARD_LIMIT) {
                    closeSocket();
                    return;
                }
            }
        } catch (IOException e) {
            closeSocket();
        }
    }

    private HttpException bodyError(IOException e) {
        closeSocket();
        if (e instanceof HttpException h) {
            return h;
        }
        if (e instanceof SocketTimeoutException) {
            return new HttpException(prefix() + "context deadline exceeded", e);
        }
        return new HttpException(prefix() + describe(e), e);
    }

    /** Reads up to {@code len} bytes of the body; -1 at its end. */
    private int readBodyBytes(byte[] dst, int off, int len) throws IOException {
        if (!bodyPending) {
            return -1;
        }
        if (chunked) {
            if (chunkLeft == 0) {
                if (chunkStarted && !readLine().isEmpty()) {
                    throw new HttpException("malformed chunked encoding");
                }
                chunkStarted = true;
                String sizeLine = readLine();
                int semi = sizeLine.indexOf(';');
                try {
                    chunkLeft = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new HttpException("malformed chunked encoding: bad chunk size " + quote(sizeLine));
                }
                if (chunkLeft < 0) {
                    throw new HttpException("malformed chunked encoding: bad chunk size " + quote(sizeLine));
                }
                if (chunkLeft == 0) {
                    while (!readLine().isEmpty()) {
                        // Trailer headers are ignored.
                    }
                    endBody();
                    return -1;
                }
            }
            int n = take(dst, off, (int) Math.min(len, chunkLeft));
            if (n < 0) {
                throw new HttpException("unexpected EOF");
            }
            chunkLeft -= n;
            return n;
        }
        if (remaining >= 0) {
            if (remaining == 0) {
                endBody();
                return -1;
            }
            int n = take(dst, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new HttpException("unexpected EOF");
            }
            remaining -= n;
            return n;
        }
        int n = take(dst, off, len);
        if (n < 0) {
            endBody();
        }
        return n;
    }

    /** Copies buffered bytes, or reads from the socket (straight into {@code dst} for large reads); -1 at EOF. */
    private int take(byte[] dst, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (inPos == inLen) {
            if (len >= in.length) {
                setTimeout();
                int n = input.read(dst, off, len);
                return n <= 0 ? -1 : n;
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, inLen - inPos);
        System.arraycopy(in, inPos, dst, off, n);
        inPos += n;
        return n;
    }

    private void endBody() {
        bodyPending = false;
        if (closeAfter) {
            closeSocket();
        } else {
            idleSince = System.nanoTime();
        }
    }

    /** Decodes one or more gzip members from {@code src} into {@code dst}. */
    private void gunzip(ByteBuf src, ByteBuf dst, long limit) throws HttpException {
        if (inflater == null) {
            inflater = new Inflater(true);
        }
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
                        throw new HttpException("unexpected EOF");
                    }
                    dst.setLength(dst.length() + n);
                    if (limit > 0 && dst.length() >= limit) {
                        throw HttpException.bodySizeLimitExceeded();
                    }
                }
            } catch (DataFormatException e) {
                throw new HttpException("gzip: invalid compressed data: " + e.getMessage());
            }
            crc.update(dst.array(), memberStart, dst.length() - memberStart);
            pos = end - inflater.getRemaining();
            if (end - pos < 8) {
                throw new HttpException("unexpected EOF");
            }
            long wantCrc = le32(s, pos);
            long wantSize = le32(s, pos + 4);
            if (wantCrc != crc.getValue() || wantSize != ((dst.length() - memberStart) & 0xFFFFFFFFL)) {
                throw new HttpException("gzip: invalid checksum");
            }
            pos += 8;
        } while (pos < end);
    }

    private static int gzipHeader(byte[] s, int pos, int end) throws HttpException {
        if (end - pos < 10) {
            throw new HttpException("unexpected EOF");
        }
        if ((s[pos] & 0xFF) != 0x1f || (s[pos + 1] & 0xFF) != 0x8b || s[pos + 2] != 8) {
            throw new HttpException("gzip: invalid header");
        }
        int flags = s[pos + 3] & 0xFF;
        int p = pos + 10;
        if ((flags & 4) != 0) {
            if (end - p < 2) {
                throw new HttpException("unexpected EOF");
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
            throw new HttpException("unexpected EOF");
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

    private String readLine() throws IOException {
        line.setLength(0);
        while (true) {
            if (inPos == inLen && !fill()) {
                throw new HttpException("unexpected EOF");
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
                throw new HttpException("HTTP header line too long");
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

    private long remainingNanos() throws SocketTimeoutException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException();
        }
        return left;
    }

    private int remainingMillis() throws SocketTimeoutException {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, remainingNanos() / 1_000_000));
    }

    /** {@code Get "<url>": }, Go's wording of the request an error belongs to. */
    private String prefix() {
        String op = method.isEmpty() ? "" : method.charAt(0) + method.substring(1).toLowerCase(Locale.ROOT);
        return op + " " + quote(redact(url)) + ": ";
    }

    /** The URL with any password replaced by {@code ***}, as Go prints URLs in errors. */
    private static String redact(String url) {
        int scheme = url.indexOf("://");
        int at = url.indexOf('@');
        int slash = scheme < 0 ? -1 : url.indexOf('/', scheme + 3);
        if (scheme < 0 || at < 0 || (slash >= 0 && at > slash)) {
            return url;
        }
        int colon = url.indexOf(':', scheme + 3);
        return colon < 0 || colon > at ? url : url.substring(0, colon + 1) + "***" + url.substring(at);
    }

    /** Go's wording of an I/O failure. */
    private String describe(IOException e) {
        if (e instanceof ConnectException || e instanceof NoRouteToHostException || e instanceof UnknownHostException) {
            return describeDial(e, dialAddress);
        }
        if (e instanceof SSLException ssl) {
            return tlsError(ssl);
        }
        String msg = e.getMessage();
        if (msg == null) {
            return e.getClass().getSimpleName();
        }
        if (msg.equals("Connection reset") || msg.equals("Connection reset by peer")) {
            return "read tcp " + dialAddress + ": read: connection reset by peer";
        }
        if (msg.equals("Broken pipe")) {
            return "write tcp " + dialAddress + ": write: broken pipe";
        }
        return msg;
    }

    private String describeDial(IOException e, String host) {
        if (e instanceof UnknownHostException) {
            return "dial tcp: lookup " + host + ": no such host";
        }
        if (e instanceof NoRouteToHostException) {
            return "dial tcp " + dialAddress + ": connect: no route to host";
        }
        if (e instanceof ConnectException) {
            return "dial tcp " + dialAddress + ": connect: connection refused";
        }
        return "dial tcp " + dialAddress + ": " + e.getMessage();
    }

    /** Go's wording of the common certificate failures; other TLS failures keep the JDK's message. */
    private static String tlsError(SSLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertPathBuilderException) {
                return "tls: failed to verify certificate: x509: certificate signed by unknown authority";
            }
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                return "tls: failed to verify certificate: x509: certificate has expired or is not yet valid: "
                        + t.getMessage();
            }
            String m = t.getMessage();
            if (m != null && (m.startsWith("No subject alternative") || m.startsWith("No name matching"))) {
                return "tls: failed to verify certificate: x509: " + m;
            }
        }
        return "tls: " + e.getMessage();
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    /** Whether the connection is open and can serve the next request. */
    public boolean isOpen() {
        return socket != null && !bodyPending;
    }

    private void closeSocket() {
        Socket s = socket;
        Socket t = tcp;
        socket = null;
        tcp = null;
        input = null;
        output = null;
        connectedTo = null;
        bodyPending = false;
        inPos = 0;
        inLen = 0;
        closeQuietly(s);
        closeQuietly(t);
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // Closing a broken connection: nothing more to do.
            }
        }
    }

    /**
     * Closes the socket from any thread, so that a request blocked on it fails at once (a queue
     * that stops does not wait for its timeout). The owning thread sees an I/O error.
     */
    public void abort() {
        closeQuietly(tcp);
    }

    /** Closes the connection and frees the inflater; the connection must not be used afterwards. */
    @Override
    public void close() {
        closeSocket();
        if (inflater != null) {
            inflater.end();
            inflater = null;
        }
    }
}
