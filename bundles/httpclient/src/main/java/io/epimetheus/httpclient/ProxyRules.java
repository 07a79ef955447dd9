package io.epimetheus.httpclient;

import io.epimetheus.api.config.ProxyConfig;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Which proxy a request goes through, with Go's rules: {@code proxy_url} alone proxies every
 * request; with {@code no_proxy}, or with {@code proxy_from_environment} ({@code HTTP_PROXY},
 * {@code HTTPS_PROXY}, {@code NO_PROXY} and their lower-case forms), {@code localhost} and loopback
 * addresses are never proxied and {@code no_proxy} lists the exceptions: {@code *}, IP addresses,
 * CIDR ranges and domain names (which match their subdomains; a leading {@code .} matches only
 * subdomains), each optionally with a port. Immutable.
 */
final class ProxyRules {

    /** A proxy: {@code http}, {@code https} (TLS to the proxy) or {@code socks5}/{@code socks5h}. */
    record Proxy(String scheme, String host, int port, String user, String password) {

        /** The {@code Proxy-Authorization} value from the proxy URL's user info, or {@code null}. */
        String authorization() {
            if (user == null || isSocks()) {
                return null;
            }
            String pair = user + ":" + (password == null ? "" : password);
            return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }

        boolean isSocks() {
            return scheme.startsWith("socks5");
        }

        @Override
        public String toString() {
            return scheme + "://" + host + ":" + port;
        }
    }

    private static final ProxyRules NONE = new ProxyRules(null, null, null, null);

    private final Proxy http;
    private final Proxy https;
    private final List<Bypass> bypass;
    private final String error;

    private ProxyRules(Proxy http, Proxy https, List<Bypass> bypass, String error) {
        this.http = http;
        this.https = https;
        this.bypass = bypass;
        this.error = error;
    }

    static ProxyRules of(ProxyConfig c) {
        return of(c, System::getenv);
    }

    /** The rules of {@code c}, with {@code env} standing for the process environment. */
    static ProxyRules of(ProxyConfig c, UnaryOperator<String> env) {
        try {
            if (c.proxyFromEnvironment()) {
                String httpUrl = env(env, "HTTP_PROXY");
                String httpsUrl = env(env, "HTTPS_PROXY");
                return new ProxyRules(parse(httpUrl), parse(httpsUrl), bypassList(env(env, "NO_PROXY")), null);
            }
            if (c.proxyUrl().isEmpty()) {
                return NONE;
            }
            Proxy p = parse(c.proxyUrl());
            return new ProxyRules(p, p, c.noProxy().isEmpty() ? null : bypassList(c.noProxy()), null);
        } catch (IllegalArgumentException e) {
            return new ProxyRules(null, null, null, e.getMessage());
        }
    }

    private static String env(UnaryOperator<String> env, String name) {
        String v = env.apply(name);
        if (v == null || v.isEmpty()) {
            v = env.apply(name.toLowerCase(Locale.ROOT));
        }
        return v == null ? "" : v;
    }

    /** Go's {@code parseProxy}: a URL, or a bare {@code host:port} taken as {@code http://host:port}. */
    private static Proxy parse(String url) {
        if (url.isEmpty()) {
            return null;
        }
        URI u = uri(url);
        if (u == null || u.getScheme() == null || u.getHost() == null) {
            u = uri("http://" + url);
        }
        if (u == null || u.getHost() == null) {
            throw new IllegalArgumentException("invalid proxy address \"" + url + "\"");
        }
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        int port = u.getPort();
        switch (scheme) {
            case "http" -> port = port < 0 ? 80 : port;
            case "https" -> port = port < 0 ? 443 : port;
            case "socks5", "socks5h" -> port = port < 0 ? 1080 : port;
            default -> throw new IllegalArgumentException("proxyconnect tcp: unsupported proxy scheme \"" + scheme + "\"");
        }
        String user = null;
        String password = null;
        String info = u.getUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = colon < 0 ? info : info.substring(0, colon);
            password = colon < 0 ? null : info.substring(colon + 1);
        }
        return new Proxy(scheme, unbracket(u.getHost()), port, user, password);
    }

    private static URI uri(String s) {
        try {
            return new URI(s);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** Throws the error of an invalid proxy setting. */
    void check() throws HttpException {
        if (error != null) {
            throw new HttpException(error);
        }
    }

    /**
     * The proxy for a request to {@code scheme://host:port}, or {@code null} to connect directly.
     *
     * @throws HttpException when the proxy setting is invalid
     */
    Proxy select(String scheme, String host, int port) throws HttpException {
        check();
        Proxy p = "https".equals(scheme) ? https : http;
        if (p == null || (bypass != null && !useProxy(unbracket(host).toLowerCase(Locale.ROOT), port))) {
            return null;
        }
        return p;
    }

    private boolean useProxy(String host, int port) {
        if (host.equals("localhost")) {
            return false;
        }
        InetAddress ip = ipLiteral(host);
        if (ip != null && ip.isLoopbackAddress()) {
            return false;
        }
        for (Bypass e : bypass) {
            if (e.matches(host, ip, port)) {
                return false;
            }
        }
        return true;
    }

    /** One {@code no_proxy} entry. */
    private record Bypass(boolean all, InetAddress net, int prefixBits, String domain, boolean matchHost, int port) {

        boolean matches(String host, InetAddress ip, int reqPort) {
            if (all) {
                return true;
            }
            if (port >= 0 && port != reqPort) {
                return false;
            }
            if (net != null) {
                return ip != null && inPrefix(ip, net, prefixBits);
            }
            return host.endsWith(domain) || (matchHost && host.equals(domain.substring(1)));
        }
    }

    private static List<Bypass> bypassList(String noProxy) {
        List<Bypass> out = new ArrayList<>();
        for (String raw : noProxy.split(",")) {
            String p = raw.strip().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            if (p.equals("*")) {
                return List.of(new Bypass(true, null, 0, null, false, -1));
            }
            int slash = p.indexOf('/');
            if (slash > 0) {
                InetAddress net = ipLiteral(p.substring(0, slash));
                int bits = parsePort(p.substring(slash + 1));
                if (net != null && bits >= 0 && bits <= net.getAddress().length * 8) {
                    out.add(new Bypass(false, net, bits, null, false, -1));
                }
                continue;
            }
            String host = p;
            int port = -1;
            int colon = p.lastIndexOf(':');
            boolean bracketed = p.startsWith("[");
            if (colon > 0 && (bracketed ? p.charAt(colon - 1) == ']' : p.indexOf(':') == colon)) {
                host = p.substring(0, colon);
                port = parsePort(p.substring(colon + 1));
                if (host.isEmpty() || port < 0) {
                    continue;
                }
            }
            host = unbracket(host);
            InetAddress ip = ipLiteral(host);
            if (ip != null) {
                out.add(new Bypass(false, ip, ip.getAddress().length * 8, null, false, port));
                continue;
            }
            if (host.startsWith("*.")) {
                host = host.substring(1);
            }
            boolean matchHost = !host.startsWith(".");
            out.add(new Bypass(false, null, 0, matchHost ? "." + host : host, matchHost, port));
        }
        return out;
    }

    private static int parsePort(String s) {
        if (s.isEmpty() || s.length() > 5) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean inPrefix(InetAddress ip, InetAddress net, int bits) {
        byte[] a = ip.getAddress();
        byte[] b = net.getAddress();
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i & 7);
            if ((a[i >> 3] & mask) != (b[i >> 3] & mask)) {
                return false;
            }
        }
        return true;
    }

    static String unbracket(String host) {
        return host.length() > 1 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']'
                ? host.substring(1, host.length() - 1) : host;
    }

    /** {@code s} as an IP address if it is an IPv4 or IPv6 literal (no name lookup), else {@code null}. */
    static InetAddress ipLiteral(String s) {
        if (s.isEmpty()) {
            return null;
        }
        boolean v6 = s.indexOf(':') >= 0;
        if (!v6) {
            int dots = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '.') {
                    dots++;
                } else if (c < '0' || c > '9') {
                    return null;
                }
            }
            if (dots != 3) {
                return null;
            }
        }
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
