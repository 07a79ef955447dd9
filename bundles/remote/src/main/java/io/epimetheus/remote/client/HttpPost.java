package io.epimetheus.remote.client;

import io.epimetheus.api.config.Authorization;
import io.epimetheus.api.config.BasicAuth;
import io.epimetheus.api.config.HttpClientConfig;
import io.epimetheus.api.config.HttpHeader;
import io.epimetheus.api.config.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * Connections to a remote-storage endpoint (remote write and remote read) with the configured
 * headers and credentials (basic auth, an {@code Authorization} header; credentials files are read on each
 * request, as Prometheus does, so rotated secrets apply without a reload).
 */
public final class HttpPost {

    /** The outcome of one request. */
    public record Outcome(int status, String body, long retryAfterMillis) {
    }

    private final URL url;
    private final Proxy proxy;
    private volatile SSLSocketFactory ssl;
    private final int timeoutMillis;
    private final HttpClientConfig http;
    private final List<String[]> headers = new ArrayList<>();

    public HttpPost(String url, Duration timeout, Map<String, String> headers, HttpClientConfig http) {
        try {
            this.url = new URL(url);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("invalid remote URL " + url + ": " + e.getMessage(), e);
        }
        this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        this.http = http;
        headers.forEach((k, v) -> this.headers.add(new String[] {k, v}));
        String proxyUrl = http.proxy().proxyUrl();
        if (proxyUrl.isEmpty() && http.proxy().proxyFromEnvironment()) {
            String env = System.getenv(this.url.getProtocol().equals("https") ? "HTTPS_PROXY" : "HTTP_PROXY");
            proxyUrl = env == null ? "" : env;
        }
        if (proxyUrl.isEmpty()) {
            this.proxy = Proxy.NO_PROXY;
        } else {
            URI p = URI.create(proxyUrl);
            this.proxy = new Proxy(Proxy.Type.HTTP, new InetSocketAddress(p.getHost(), p.getPort() < 0 ? 80 : p.getPort()));
        }
    }

    /**
     * The first setting of {@code http} this client cannot honour, or {@code null}: the caller
     * rejects the configuration rather than connect in a way the user did not ask for.
     */
    public static String unsupported(HttpClientConfig http) {
        if (!http.proxy().noProxy().isEmpty()) {
            return "no_proxy";
        }
        if (!http.proxy().proxyConnectHeader().isEmpty()) {
            return "proxy_connect_header";
        }
        return Tls.unsupported(http.tls());
    }

    private SSLSocketFactory sslFactory() throws IOException {
        SSLSocketFactory f = ssl;
        if (f == null) {
            f = Tls.context(http.tls()).getSocketFactory();
            ssl = f;
        }
        return f;
    }

    /**
     * Opens a connection with the configured headers and credentials. {@code HttpURLConnection}
     * keeps no threads of its own, so a stopped queue leaves nothing behind.
     */
    public HttpURLConnection open() throws IOException {
        HttpURLConnection c = (HttpURLConnection) url.openConnection(proxy);
        if (c instanceof HttpsURLConnection https && Tls.custom(http.tls())) {
            https.setSSLSocketFactory(sslFactory());
            if (http.tls().insecureSkipVerify()) {
                https.setHostnameVerifier((host, session) -> true);
            }
        }
        c.setConnectTimeout(timeoutMillis);
        c.setReadTimeout(timeoutMillis);
        c.setInstanceFollowRedirects(http.followRedirects());
        c.setRequestProperty("User-Agent", "Epimetheus/0.1");
        for (String[] h : headers) {
            c.setRequestProperty(h[0], h[1]);
        }
        for (Map.Entry<String, HttpHeader> e : http.httpHeaders().entrySet()) {
            for (String v : e.getValue().values()) {
                c.addRequestProperty(e.getKey(), v);
            }
            for (Secret v : e.getValue().secrets()) {
                c.addRequestProperty(e.getKey(), v.value());
            }
            for (String f : e.getValue().files()) {
                c.addRequestProperty(e.getKey(), read(f));
            }
        }
        BasicAuth basic = http.basicAuth();
        if (basic != null) {
            String user = basic.usernameFile().isEmpty() ? basic.username() : read(basic.usernameFile());
            String pass = basic.passwordFile().isEmpty() ? basic.password().value() : read(basic.passwordFile());
            c.setRequestProperty("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8)));
        }
        Authorization auth = http.authorization();
        if (auth != null) {
            String cred = auth.credentialsFile().isEmpty() ? auth.credentials().value() : read(auth.credentialsFile());
            c.setRequestProperty("Authorization", auth.type() + " " + cred);
        }
        return c;
    }

    private static String read(String file) throws IOException {
        return Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
    }

    /** Posts a body; returns the status, the start of the response text and any Retry-After. */
    public Outcome post(byte[] body, int len, String contentType, Map<String, String> extra) throws IOException {
        HttpURLConnection c = open();
        try {
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(len);
            c.setRequestProperty("Content-Type", contentType);
            extra.forEach(c::setRequestProperty);
            try (OutputStream out = c.getOutputStream()) {
                out.write(body, 0, len);
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            String text = "";
            if (in != null) {
                try (in) {
                    byte[] b = in.readNBytes(512);
                    text = new String(b, StandardCharsets.UTF_8).trim();
                    in.transferTo(OutputStream.nullOutputStream());
                }
            }
            String ra = c.getHeaderField("Retry-After");
            return new Outcome(status, text, ra == null ? 0 : retryAfterMillis(ra));
        } finally {
            c.disconnect();
        }
    }

    /** Posts a remote-write body. */
    public Outcome postWrite(byte[] body, int len, boolean v2) throws IOException {
        return post(body, len, v2 ? "application/x-protobuf;proto=io.prometheus.write.v2.Request"
                : "application/x-protobuf", Map.of("Content-Encoding", "snappy",
                "X-Prometheus-Remote-Write-Version", v2 ? "2.0.0" : "0.1.0"));
    }

    private static long retryAfterMillis(String v) {
        try {
            return Long.parseLong(v.trim()) * 1000;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
