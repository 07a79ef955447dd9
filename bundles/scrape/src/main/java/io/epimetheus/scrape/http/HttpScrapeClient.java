package io.epimetheus.scrape.http;

import io.epimetheus.api.config.Authorization;
import io.epimetheus.api.config.BasicAuth;
import io.epimetheus.api.config.HttpClientConfig;
import io.epimetheus.api.config.HttpHeader;
import io.epimetheus.api.config.ProxyConfig;
import io.epimetheus.api.config.Secret;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLSocketFactory;

/**
 * The HTTP client settings of one scrape config, shared by the connections of its targets:
 * TLS, authentication, extra headers, proxy and redirects. Credentials and header files are read on
 * each request, as Prometheus does, so rotated secrets take effect without a reload. Thread-safe.
 */
public final class HttpScrapeClient {

    /** Where a request goes through a proxy. */
    record Proxy(String host, int port, String authorization, Map<String, List<Secret>> connectHeaders) {
    }

    private final HttpClientConfig config;
    private final OAuth2Tokens oauth2;
    private final String[] tlsProtocols;
    private SSLSocketFactory tls;
    private String tlsError;

    public HttpScrapeClient(HttpClientConfig config) {
        this.config = config;
        this.oauth2 = config.oauth2() == null ? null : new OAuth2Tokens(config.oauth2());
        this.tlsProtocols = TlsContexts.protocols(config.tls());
    }

    /** A connection for one target; close it when the target goes away. */
    public TargetConnection newConnection() {
        return new TargetConnection(this);
    }

    HttpClientConfig config() {
        return config;
    }

    String[] tlsProtocols() {
        return tlsProtocols;
    }

    /** The host name to verify the server certificate against: {@code server_name} or the target host. */
    String tlsServerName(String host) {
        String name = config.tls().serverName();
        return name.isEmpty() ? host : name;
    }

    boolean verifyHostname() {
        return !config.tls().insecureSkipVerify();
    }

    synchronized SSLSocketFactory tlsFactory() throws ScrapeException {
        if (tls == null && tlsError == null) {
            try {
                tls = TlsContexts.create(config.tls()).getSocketFactory();
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                tlsError = "unable to load TLS configuration: " + e.getMessage();
            }
        }
        if (tlsError != null) {
            throw new ScrapeException(tlsError);
        }
        return tls;
    }

    /** The {@code Authorization} header value, or {@code null}. */
    String authorization() throws ScrapeException {
        BasicAuth basic = config.basicAuth();
        if (basic != null) {
            String user = basic.usernameFile().isEmpty() ? basic.username() : readSecret(basic.usernameFile(), "username");
            String password = basic.passwordFile().isEmpty() ? basic.password().value()
                    : readSecret(basic.passwordFile(), "password");
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
        Authorization auth = config.authorization();
        if (auth != null) {
            String credentials = auth.credentialsFile().isEmpty() ? auth.credentials().value()
                    : readSecret(auth.credentialsFile(), "authorization credentials");
            return auth.type() + " " + credentials;
        }
        return oauth2 == null ? null : oauth2.authorization();
    }

    /** Appends the configured {@code http_headers} as request header lines. */
    void appendHeaders(StringBuilder request) throws ScrapeException {
        for (Map.Entry<String, HttpHeader> e : config.httpHeaders().entrySet()) {
            HttpHeader h = e.getValue();
            for (String v : h.values()) {
                request.append(e.getKey()).append(": ").append(v).append("\r\n");
            }
            for (Secret v : h.secrets()) {
                request.append(e.getKey()).append(": ").append(v.value()).append("\r\n");
            }
            for (String f : h.files()) {
                request.append(e.getKey()).append(": ").append(readSecret(f, "headers")).append("\r\n");
            }
        }
    }

    boolean followRedirects() {
        return config.followRedirects();
    }

    /** The proxy for a request to {@code scheme://host}, or {@code null} for a direct connection. */
    Proxy proxyFor(String scheme, String host) throws ScrapeException {
        ProxyConfig p = config.proxy();
        String url = p.proxyUrl();
        String noProxy = p.noProxy();
        if (p.proxyFromEnvironment()) {
            url = env(scheme.equals("https") ? "HTTPS_PROXY" : "HTTP_PROXY");
            noProxy = env("NO_PROXY");
        }
        if (url == null || url.isEmpty() || bypass(host, noProxy)) {
            return null;
        }
        try {
            URI u = URI.create(url.contains("://") ? url : "http://" + url);
            String auth = null;
            if (u.getRawUserInfo() != null) {
                auth = "Basic " + Base64.getEncoder().encodeToString(u.getUserInfo().getBytes(StandardCharsets.UTF_8));
            }
            int port = u.getPort() > 0 ? u.getPort() : ("https".equals(u.getScheme()) ? 443 : 80);
            return new Proxy(u.getHost(), port, auth, p.proxyConnectHeader());
        } catch (IllegalArgumentException e) {
            throw new ScrapeException("invalid proxy URL " + url + ": " + e.getMessage());
        }
    }

    private static String env(String name) {
        String v = System.getenv(name);
        return v != null ? v : System.getenv(name.toLowerCase(Locale.ROOT));
    }

    /** Go's {@code no_proxy} rules: {@code *}, host names and domain suffixes (with or without a leading dot). */
    static boolean bypass(String host, String noProxy) {
        if (noProxy == null || noProxy.isEmpty()) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        for (String entry : noProxy.split(",")) {
            String e = entry.trim().toLowerCase(Locale.ROOT);
            if (e.isEmpty()) {
                continue;
            }
            if (e.equals("*") || h.equals(e) || h.equals(e.startsWith(".") ? e.substring(1) : e)
                    || h.endsWith(e.startsWith(".") ? e : "." + e)) {
                return true;
            }
        }
        return false;
    }

    private static String readSecret(String file, String what) throws ScrapeException {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new ScrapeException("unable to read " + what + " file " + file + ": " + e.getMessage());
        }
    }
}
