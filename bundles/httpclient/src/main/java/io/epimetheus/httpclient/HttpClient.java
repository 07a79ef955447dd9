package io.epimetheus.httpclient;

import io.epimetheus.api.config.Authorization;
import io.epimetheus.api.config.BasicAuth;
import io.epimetheus.api.config.HttpClientConfig;
import io.epimetheus.api.config.HttpHeader;
import io.epimetheus.api.config.Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The HTTP client of one {@code http_client_config}: what the connections made from it share —
 * TLS, credentials, {@code http_headers}, proxies and redirects. Credential and header files are
 * read on each request and certificate files when they change, as Prometheus does, so rotated
 * secrets apply without a reload. Creating one does no I/O; {@link #check} loads what can fail
 * early. Thread-safe; it starts no threads and holds no sockets (its {@link HttpConnection}s do).
 */
public final class HttpClient {

    /**
     * The {@code User-Agent} Epimetheus sends when it scrapes and talks to remote storage: a
     * {@code Prometheus/} product token first, as servers that tell Prometheus apart by it expect.
     */
    public static final String USER_AGENT = "Prometheus/3.0.0 (Epimetheus)";

    /** Headers Go's client strips from requests that a redirect took to another host. */
    private static final List<String> SENSITIVE_ON_REDIRECT = List.of("Cookie", "Cookie2");

    private final HttpClientConfig config;
    private final TlsMaterial tls;
    private final ProxyRules proxies;
    private final OAuth2Tokens oauth2;

    public HttpClient(HttpClientConfig config) {
        this.config = config;
        this.tls = new TlsMaterial(config.tls());
        this.proxies = ProxyRules.of(config.proxy());
        this.oauth2 = config.oauth2() == null ? null : new OAuth2Tokens(config.oauth2());
    }

    /** The configuration this client follows. */
    public HttpClientConfig config() {
        return config;
    }

    /** A new connection; it connects on its first request. Close it when done. */
    public HttpConnection newConnection() {
        return new HttpConnection(this);
    }

    /**
     * Loads what a request would fail on before any is made — the TLS files and the proxy
     * settings — as Prometheus does when it creates a client.
     *
     * @throws HttpException with Prometheus's wording, e.g. {@code unable to read CA cert: ...}
     */
    public void check() throws HttpException {
        tls.current();
        proxies.check();
    }

    TlsMaterial tls() {
        return tls;
    }

    ProxyRules proxies() {
        return proxies;
    }

    boolean followRedirects() {
        return config.followRedirects();
    }

    /**
     * Appends the configured credentials and {@code http_headers} to a request head.
     *
     * @param request the request head being written
     * @param caller the caller's own headers; an {@code Authorization} among them wins
     * @param uri the request URL, whose user info gives basic credentials when none are configured
     * @param crossHost whether a redirect has taken the request to another host: then credentials
     *     and sensitive headers are left out, as Go's client does
     * @param timeoutNanos how long an OAuth 2.0 token request may take
     */
    void appendCredentialsAndHeaders(StringBuilder request, RequestHeaders caller, URI uri, boolean crossHost,
            long timeoutNanos) throws HttpException {
        if (!crossHost && caller.get("Authorization") == null) {
            String auth = authorization(caller, uri, timeoutNanos);
            if (auth != null) {
                RequestHeaders.appendLine(request, "Authorization", auth);
            }
        }
        for (Map.Entry<String, HttpHeader> e : config.httpHeaders().entrySet()) {
            String name = e.getKey();
            if (crossHost && isSensitive(name)) {
                continue;
            }
            HttpHeader h = e.getValue();
            for (String v : h.values()) {
                RequestHeaders.appendLine(request, name, v);
            }
            for (Secret v : h.secrets()) {
                RequestHeaders.appendLine(request, name, v.value());
            }
            for (String f : h.files()) {
                RequestHeaders.appendLine(request, name,
                        SecretFiles.readRaw(f, "unable to read headers file " + f + ": ").strip());
            }
        }
    }

    private static boolean isSensitive(String header) {
        for (String s : SENSITIVE_ON_REDIRECT) {
            if (s.equalsIgnoreCase(header)) {
                return true;
            }
        }
        return false;
    }

    /** The {@code Authorization} value from basic auth, authorization, OAuth 2.0 or the URL's user info, or {@code null}. */
    private String authorization(RequestHeaders caller, URI uri, long timeoutNanos) throws HttpException {
        BasicAuth basic = config.basicAuth();
        if (basic != null) {
            String user = basic.usernameFile().isEmpty() ? basic.username()
                    : read(basic.usernameFile(), "unable to read basic auth username: ");
            String password = basic.passwordFile().isEmpty() ? basic.password().value()
                    : read(basic.passwordFile(), "unable to read basic auth password: ");
            return basic(user, password);
        }
        Authorization auth = config.authorization();
        if (auth != null) {
            String credentials = auth.credentialsFile().isEmpty() ? auth.credentials().value()
                    : read(auth.credentialsFile(), "unable to read authorization credentials: ");
            return auth.type() + " " + credentials;
        }
        if (oauth2 != null) {
            return oauth2.authorization(caller.get("User-Agent"), timeoutNanos);
        }
        String info = uri.getUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            return colon < 0 ? basic(info, "") : basic(info.substring(0, colon), info.substring(colon + 1));
        }
        return null;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String read(String file, String what) throws HttpException {
        try {
            return SecretFiles.read(file);
        } catch (HttpException e) {
            throw new HttpException(what + e.getMessage());
        }
    }
}
