package io.epimetheus.config.load;

import io.epimetheus.api.config.Authorization;
import io.epimetheus.api.config.BasicAuth;
import io.epimetheus.api.config.HttpClientConfig;
import io.epimetheus.api.config.HttpHeader;
import io.epimetheus.api.config.OAuth2;
import io.epimetheus.api.config.ProxyConfig;
import io.epimetheus.api.config.Secret;
import io.epimetheus.api.config.TlsConfig;
import io.epimetheus.config.yaml.GoStrings;
import io.epimetheus.config.yaml.YamlNode;
import io.epimetheus.config.yaml.YamlNode.Entry;
import io.epimetheus.config.yaml.YamlNode.Mapping;
import io.epimetheus.config.yaml.YamlNode.Scalar;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the HTTP client fields that Prometheus inlines into scrape, Alertmanager, remote write and
 * remote read configs, with the validation of {@code prometheus/common}'s {@code HTTPClientConfig}.
 */
final class HttpClientReader {

    /** The keys of the inlined HTTP client configuration. */
    static final Set<String> KEYS = Set.of("basic_auth", "authorization", "oauth2", "bearer_token",
            "bearer_token_file", "tls_config", "follow_redirects", "enable_http2", "proxy_url", "no_proxy",
            "proxy_from_environment", "proxy_connect_header", "http_headers");

    private static final Set<String> PROXY_KEYS =
            Set.of("proxy_url", "no_proxy", "proxy_from_environment", "proxy_connect_header");
    private static final Set<String> BASIC_AUTH_KEYS = Set.of("username", "username_file", "password", "password_file");
    private static final Set<String> AUTHORIZATION_KEYS = Set.of("type", "credentials", "credentials_file");
    private static final Set<String> TLS_KEYS = Set.of("ca", "cert", "key", "ca_file", "cert_file", "key_file",
            "server_name", "insecure_skip_verify", "min_version", "max_version");
    private static final Set<String> HEADER_KEYS = Set.of("values", "secrets", "files");
    private static final Set<String> OAUTH2_KEYS;
    private static final Set<String> TLS_VERSIONS = Set.of("TLS10", "TLS11", "TLS12", "TLS13");
    private static final Set<String> SIGNATURE_ALGORITHMS = Set.of("RS256", "RS384", "RS512");
    // Go's http.CanonicalHeaderKey forms of the headers http_headers may not set.
    private static final Set<String> RESERVED_HEADERS = Set.of("Authorization", "Host", "Content-Encoding",
            "Content-Length", "Content-Type", "User-Agent", "Connection", "Keep-Alive", "Proxy-Authenticate",
            "Proxy-Authorization", "Www-Authenticate", "Accept-Encoding", "X-Prometheus-Remote-Write-Version",
            "X-Prometheus-Remote-Read-Version", "X-Prometheus-Scrape-Timeout-Seconds", "X-Amz-Date",
            "X-Amz-Security-Token", "X-Amz-Content-Sha256");

    static {
        Set<String> k = new HashSet<>(PROXY_KEYS);
        k.addAll(Set.of("client_id", "client_secret", "client_secret_file", "scopes", "token_url", "endpoint_params",
                "tls_config", "grant_type", "client_certificate_key_id", "client_certificate_key",
                "client_certificate_key_file", "signature_algorithm", "iss", "audience", "claims"));
        OAUTH2_KEYS = Set.copyOf(k);
    }

    private HttpClientReader() {
    }

    /** Reads and validates the HTTP client fields of {@code s}, starting from {@code defaults}. */
    static HttpClientConfig read(Section s, FileResolver files, HttpClientConfig defaults) {
        BasicAuth basicAuth = s.isSet("basic_auth") ? basicAuth(s.get("basic_auth"), files) : null;
        Authorization authorization = s.isSet("authorization") ? authorization(s.get("authorization"), files) : null;
        OAuth2 oauth2 = s.isSet("oauth2") ? oauth2(s.get("oauth2"), files) : null;
        String bearerToken = s.string("bearer_token", "");
        String bearerTokenFile = files.resolve(s.string("bearer_token_file", ""));
        TlsConfig tls = s.isSet("tls_config") ? tls(s.get("tls_config"), files) : defaults.tls();
        ProxyConfig proxy = proxy(s, defaults.proxy());
        Map<String, HttpHeader> headers = s.isSet("http_headers") ? headers(s.get("http_headers"), files) : defaults.httpHeaders();
        int line = s.line();

        if (!bearerToken.isEmpty() && !bearerTokenFile.isEmpty()) {
            throw Errors.at(line, "at most one of bearer_token & bearer_token_file must be configured");
        }
        boolean bearer = !bearerToken.isEmpty() || !bearerTokenFile.isEmpty();
        if ((basicAuth != null || oauth2 != null) && bearer) {
            throw Errors.at(line, "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured");
        }
        if (basicAuth != null) {
            if (!basicAuth.username().isEmpty() && !basicAuth.usernameFile().isEmpty()) {
                throw Errors.at(s.line("basic_auth"), "at most one of basic_auth username, username_file & username_ref must be configured");
            }
            if (!basicAuth.password().isEmpty() && !basicAuth.passwordFile().isEmpty()) {
                throw Errors.at(s.line("basic_auth"), "at most one of basic_auth password, password_file & password_ref must be configured");
            }
        }
        if (authorization != null) {
            if (bearer) {
                throw Errors.at(line, "authorization is not compatible with bearer_token & bearer_token_file");
            }
            if (!authorization.credentials().isEmpty() && !authorization.credentialsFile().isEmpty()) {
                throw Errors.at(s.line("authorization"), "at most one of authorization credentials & credentials_file must be configured");
            }
            String type = authorization.type().strip();
            if (type.isEmpty()) {
                type = "Bearer";
            }
            if (type.toLowerCase(Locale.ROOT).equals("basic")) {
                throw Errors.at(s.line("authorization"), "authorization type cannot be set to \"basic\", use \"basic_auth\" instead");
            }
            if (basicAuth != null || oauth2 != null) {
                throw Errors.at(line, "at most one of basic_auth, oauth2 & authorization must be configured");
            }
            authorization = new Authorization(type, authorization.credentials(), authorization.credentialsFile());
        } else if (!bearerToken.isEmpty()) {
            authorization = new Authorization("Bearer", new Secret(bearerToken), "");
        } else if (!bearerTokenFile.isEmpty()) {
            authorization = new Authorization("Bearer", new Secret(""), bearerTokenFile);
        }
        if (oauth2 != null) {
            int oline = s.line("oauth2");
            if (basicAuth != null) {
                throw Errors.at(line, "at most one of basic_auth, oauth2 & authorization must be configured");
            }
            if (oauth2.clientId().isEmpty()) {
                throw Errors.at(oline, "oauth2 client_id must be configured");
            }
            if (oauth2.tokenUrl().isEmpty()) {
                throw Errors.at(oline, "oauth2 token_url must be configured");
            }
            if (OAuth2.GRANT_TYPE_JWT_BEARER.equals(oauth2.grantType())) {
                if (!oauth2.clientCertificateKey().isEmpty() && !oauth2.clientCertificateKeyFile().isEmpty()) {
                    throw Errors.at(oline, "at most one of oauth2 client_certificate_key, client_certificate_key_file & client_certificate_key_ref must be configured using grant-type=urn:ietf:params:oauth:grant-type:jwt-bearer");
                }
                if (!oauth2.signatureAlgorithm().isEmpty() && !SIGNATURE_ALGORITHMS.contains(oauth2.signatureAlgorithm())) {
                    throw Errors.at(oline, "valid signature algorithms are RS256, RS384 and RS512");
                }
            } else if (!oauth2.clientSecret().isEmpty() && !oauth2.clientSecretFile().isEmpty()) {
                throw Errors.at(oline, "at most one of oauth2 client_secret, client_secret_file & client_secret_ref must be configured using grant-type=client_credentials");
            }
        }
        validateProxy(proxy, line);
        for (String name : headers.keySet()) {
            String canonical = canonicalHeaderKey(name);
            if (RESERVED_HEADERS.contains(canonical)) {
                throw Errors.at(s.line("http_headers"), "setting header " + GoStrings.quote(canonical) + " is not allowed");
            }
        }
        return new HttpClientConfig(basicAuth, authorization, oauth2, tls,
                s.bool("follow_redirects", defaults.followRedirects()), s.bool("enable_http2", defaults.enableHttp2()),
                proxy, headers);
    }

    /** Reads a {@code tls_config} mapping. */
    static TlsConfig tls(YamlNode node, FileResolver files) {
        Section s = Section.of(node, "config.plain", TLS_KEYS);
        TlsConfig c = new TlsConfig(s.string("ca", ""), s.string("cert", ""), s.secret("key"),
                files.resolve(s.string("ca_file", "")), files.resolve(s.string("cert_file", "")),
                files.resolve(s.string("key_file", "")), s.string("server_name", ""),
                s.bool("insecure_skip_verify", false), tlsVersion(s, "min_version"), tlsVersion(s, "max_version"));
        int line = s.line();
        if (!c.ca().isEmpty() && !c.caFile().isEmpty()) {
            throw Errors.at(line, "at most one of ca, ca_file & ca_ref must be configured");
        }
        if (!c.cert().isEmpty() && !c.certFile().isEmpty()) {
            throw Errors.at(line, "at most one of cert, cert_file & cert_ref must be configured");
        }
        if (!c.key().isEmpty() && !c.keyFile().isEmpty()) {
            throw Errors.at(line, "at most one of key and key_file must be configured");
        }
        boolean clientCert = !c.cert().isEmpty() || !c.certFile().isEmpty();
        boolean clientKey = !c.key().isEmpty() || !c.keyFile().isEmpty();
        if (clientCert && !clientKey) {
            throw Errors.at(line, "exactly one of key or key_file must be configured when a client certificate is configured");
        }
        if (clientKey && !clientCert) {
            throw Errors.at(line, "exactly one of cert or cert_file must be configured when a client key is configured");
        }
        return c;
    }

    private static String tlsVersion(Section s, String key) {
        String v = s.string(key, "");
        if (!v.isEmpty() && !TLS_VERSIONS.contains(v)) {
            throw Errors.at(s.line(key), "unknown TLS version: " + v);
        }
        return v;
    }

    private static BasicAuth basicAuth(YamlNode node, FileResolver files) {
        Section s = Section.of(node, "config.plain", BASIC_AUTH_KEYS);
        return new BasicAuth(s.string("username", ""), files.resolve(s.string("username_file", "")),
                s.secret("password"), files.resolve(s.string("password_file", "")));
    }

    private static Authorization authorization(YamlNode node, FileResolver files) {
        Section s = Section.of(node, "config.Authorization", AUTHORIZATION_KEYS);
        return new Authorization(s.string("type", ""), s.secret("credentials"),
                files.resolve(s.string("credentials_file", "")));
    }

    private static OAuth2 oauth2(YamlNode node, FileResolver files) {
        Section s = Section.of(node, "config.plain", OAUTH2_KEYS);
        ProxyConfig proxy = proxy(s, ProxyConfig.NONE);
        validateProxy(proxy, s.line());
        @SuppressWarnings("unchecked")
        Map<String, Object> claims = s.isSet("claims")
                ? (Map<String, Object>) RawYaml.toJava(s.get("claims"), "map[string]interface {}")
                : Map.of();
        return new OAuth2(s.string("client_id", ""), s.secret("client_secret"),
                files.resolve(s.string("client_secret_file", "")), s.stringsOrEmpty("scopes"), s.string("token_url", ""),
                s.stringMap("endpoint_params"), s.string("grant_type", ""), s.string("client_certificate_key_id", ""),
                s.secret("client_certificate_key"), files.resolve(s.string("client_certificate_key_file", "")),
                s.string("signature_algorithm", ""), s.string("iss", ""), s.string("audience", ""), claims,
                s.isSet("tls_config") ? tls(s.get("tls_config"), files) : TlsConfig.DEFAULT, proxy);
    }

    private static ProxyConfig proxy(Section s, ProxyConfig defaults) {
        String url = s.string("proxy_url", defaults.proxyUrl());
        if (!url.isEmpty()) {
            try {
                new URI(url);
            } catch (URISyntaxException e) {
                throw Errors.at(s.line("proxy_url"), "parse " + GoStrings.quote(url) + ": " + e.getReason());
            }
        }
        Map<String, List<Secret>> connectHeader = defaults.proxyConnectHeader();
        if (s.isSet("proxy_connect_header")) {
            Section h = Section.of(s.get("proxy_connect_header"), "config.ProxyHeader", Set.of(), k -> true);
            Map<String, List<Secret>> out = new LinkedHashMap<>();
            for (Entry e : h.entries()) {
                List<Secret> secrets = new ArrayList<>();
                for (String v : h.stringsOrEmpty(e.key())) {
                    secrets.add(new Secret(v));
                }
                out.put(e.key(), List.copyOf(secrets));
            }
            connectHeader = out;
        }
        return new ProxyConfig(url, s.string("no_proxy", defaults.noProxy()),
                s.bool("proxy_from_environment", defaults.proxyFromEnvironment()), connectHeader);
    }

    private static void validateProxy(ProxyConfig p, int line) {
        if (!p.proxyConnectHeader().isEmpty() && !p.proxyFromEnvironment() && p.proxyUrl().isEmpty()) {
            throw Errors.at(line, "if proxy_connect_header is configured, proxy_url or proxy_from_environment must also be configured");
        }
        if (p.proxyFromEnvironment() && !p.proxyUrl().isEmpty()) {
            throw Errors.at(line, "if proxy_from_environment is configured, proxy_url must not be configured");
        }
        if (p.proxyFromEnvironment() && !p.noProxy().isEmpty()) {
            throw Errors.at(line, "if proxy_from_environment is configured, no_proxy must not be configured");
        }
        if (p.proxyUrl().isEmpty() && !p.noProxy().isEmpty()) {
            throw Errors.at(line, "if no_proxy is configured, proxy_url must also be configured");
        }
    }

    private static Map<String, HttpHeader> headers(YamlNode node, FileResolver files) {
        if (!(node instanceof Mapping m)) {
            throw Errors.at(node.line(), "unmarshal errors: field http_headers: cannot unmarshal " + node.tagName()
                    + (node instanceof Scalar sc ? " `" + sc.text() + "`" : "") + " into config.Headers");
        }
        Map<String, HttpHeader> out = new LinkedHashMap<>();
        for (Entry e : m.entries()) {
            Section h = Section.of(e.value(), "config.Header", HEADER_KEYS);
            List<Secret> secrets = new ArrayList<>();
            for (String v : h.stringsOrEmpty("secrets")) {
                secrets.add(new Secret(v));
            }
            List<String> headerFiles = new ArrayList<>();
            for (String f : h.stringsOrEmpty("files")) {
                headerFiles.add(files.resolve(f));
            }
            if (out.put(e.key(), new HttpHeader(h.stringsOrEmpty("values"), secrets, headerFiles)) != null) {
                throw Errors.at(e.line(), "unmarshal errors: mapping key " + GoStrings.quote(e.key()) + " already defined");
            }
        }
        return Map.copyOf(out);
    }

    /** Go's {@code http.CanonicalHeaderKey}: first letter and letters after '-' upper case, the rest lower. */
    static String canonicalHeaderKey(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || "!#$%&'*+.^_`|~".indexOf(c) >= 0;
            if (!token) {
                return name;
            }
        }
        StringBuilder sb = new StringBuilder(name.length());
        boolean upper = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            sb.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return sb.toString();
    }
}
