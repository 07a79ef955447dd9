package io.epimetheus.scrape.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.epimetheus.api.config.OAuth2;
import io.epimetheus.api.config.ProxyConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * OAuth 2.0 client-credentials tokens for {@code oauth2}: fetched from {@code token_url} when
 * needed and reused until shortly before they expire. The client credentials go in a basic
 * authentication header first and, if the server refuses that, in the form, as Go's oauth2
 * package auto-detects. Thread-safe.
 */
final class OAuth2Tokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long EXPIRY_MARGIN_MILLIS = 10_000;
    private static final int TIMEOUT_MILLIS = 30_000;

    private final OAuth2 config;
    private SSLSocketFactory tls;
    private String header;
    private long expiresAt;

    OAuth2Tokens(OAuth2 config) {
        this.config = config;
    }

    /** The {@code Authorization} header value with a valid token. */
    synchronized String authorization() throws ScrapeException {
        if (OAuth2.GRANT_TYPE_JWT_BEARER.equals(config.grantType())) {
            throw new ScrapeException("oauth2: the jwt-bearer grant type is not supported by Epimetheus");
        }
        long now = System.currentTimeMillis();
        if (header == null || now >= expiresAt) {
            fetch(now);
        }
        return header;
    }

    private void fetch(long now) throws ScrapeException {
        String secret = config.clientSecret().value();
        if (!config.clientSecretFile().isEmpty()) {
            try {
                secret = Files.readString(Path.of(config.clientSecretFile()), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new ScrapeException("unable to read oauth2 client secret file " + config.clientSecretFile()
                        + ": " + e.getMessage());
            }
        }
        StringBuilder form = new StringBuilder("grant_type=client_credentials");
        if (!config.scopes().isEmpty()) {
            form.append("&scope=").append(encode(String.join(" ", config.scopes())));
        }
        for (Map.Entry<String, String> p : config.endpointParams().entrySet()) {
            form.append('&').append(encode(p.getKey())).append('=').append(encode(p.getValue()));
        }
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (encode(config.clientId()) + ":" + encode(secret)).getBytes(StandardCharsets.UTF_8));
        Response r = post(form.toString(), basic);
        if (r.status == 400 || r.status == 401) {
            r = post(form + "&client_id=" + encode(config.clientId()) + "&client_secret=" + encode(secret), null);
        }
        if (r.status != 200) {
            throw new ScrapeException("oauth2: cannot fetch token: " + r.status + " response from " + config.tokenUrl()
                    + ": " + r.body.strip());
        }
        JsonNode json;
        try {
            json = JSON.readTree(r.body);
        } catch (IOException e) {
            throw new ScrapeException("oauth2: cannot parse token response: " + e.getMessage());
        }
        String token = json.path("access_token").asText("");
        if (token.isEmpty()) {
            throw new ScrapeException("oauth2: server response missing access_token");
        }
        String type = json.path("token_type").asText("Bearer");
        // RFC 6750: the scheme is case-insensitive, Go's oauth2 normalises "bearer" to "Bearer".
        header = (type.isEmpty() || type.equalsIgnoreCase("bearer") ? "Bearer" : type) + " " + token;
        long expiresIn = json.path("expires_in").asLong(0);
        expiresAt = expiresIn > 0 ? now + expiresIn * 1000 - EXPIRY_MARGIN_MILLIS : Long.MAX_VALUE;
    }

    private record Response(int status, String body) {
    }

    private Response post(String form, String authorization) throws ScrapeException {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(config.tokenUrl()).toURL().openConnection(proxy());
            if (c instanceof HttpsURLConnection https) {
                https.setSSLSocketFactory(tlsFactory());
            }
            c.setRequestMethod("POST");
            c.setConnectTimeout(TIMEOUT_MILLIS);
            c.setReadTimeout(TIMEOUT_MILLIS);
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
            if (authorization != null) {
                c.setRequestProperty("Authorization", authorization);
            }
            try (OutputStream out = c.getOutputStream()) {
                out.write(form.getBytes(StandardCharsets.UTF_8));
            }
            int status = c.getResponseCode();
            InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Response(status, body);
        } catch (IOException | IllegalArgumentException e) {
            throw new ScrapeException("oauth2: cannot fetch token from " + config.tokenUrl() + ": " + e.getMessage());
        }
    }

    private Proxy proxy() {
        ProxyConfig p = config.proxy();
        if (p.proxyUrl().isEmpty()) {
            return Proxy.NO_PROXY;
        }
        URI u = URI.create(p.proxyUrl());
        return new Proxy(Proxy.Type.HTTP, new InetSocketAddress(u.getHost(), u.getPort() > 0 ? u.getPort() : 80));
    }

    private SSLSocketFactory tlsFactory() throws ScrapeException {
        if (tls == null) {
            try {
                tls = TlsContexts.create(config.tls()).getSocketFactory();
            } catch (IOException | GeneralSecurityException e) {
                throw new ScrapeException("oauth2: unable to load TLS configuration: " + e.getMessage());
            }
        }
        return tls;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
