package io.epimetheus.http.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks HTTP basic credentials against {@code basic_auth_users} as exporter-toolkit does: an
 * unknown user is checked against a fixed hash so that it costs the same time as a wrong password;
 * bcrypt runs one check at a time (it is deliberately CPU-heavy); recent outcomes are cached by a
 * digest of user, hash and password, so a client sending the same credentials on every request
 * pays for bcrypt once. Thread-safe.
 */
final class BasicAuth {

    private static final int CACHE_SIZE = 100;

    private final Object bcryptLock = new Object();
    private final Map<String, Boolean> cache = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    /** Whether the {@code Authorization} header value carries valid credentials for {@code users}. */
    boolean authorized(String authorization, Map<String, String> users) {
        String[] credentials = parse(authorization);
        if (credentials == null) {
            return false;
        }
        String user = credentials[0];
        String password = credentials[1];
        String hash = users.get(user);
        boolean known = hash != null;
        if (!known) {
            hash = Bcrypt.FAKE_HASH;
        }
        String key = digest(user, hash, password);
        Boolean cached;
        synchronized (cache) {
            cached = cache.get(key);
        }
        if (cached == null) {
            boolean ok;
            synchronized (bcryptLock) {
                ok = Bcrypt.verify(password, hash);
            }
            cached = known && ok;
            synchronized (cache) {
                cache.put(key, cached);
            }
        }
        return cached && known;
    }

    /** Go's {@code Request.BasicAuth}: user and password of a {@code Basic} header, or {@code null}. */
    static String[] parse(String authorization) {
        if (authorization == null || authorization.length() < 6
                || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(authorization.substring(6));
        } catch (IllegalArgumentException e) {
            return null;
        }
        String s = new String(decoded, StandardCharsets.UTF_8);
        int colon = s.indexOf(':');
        return colon < 0 ? null : new String[] {s.substring(0, colon), s.substring(colon + 1)};
    }

    private static String digest(String user, String hash, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(user.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(hash.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(password.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
