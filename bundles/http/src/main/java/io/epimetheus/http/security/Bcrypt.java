package io.epimetheus.http.security;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * bcrypt hashes of {@code basic_auth_users}: format checks with Go's {@code crypto/bcrypt} error
 * texts, and verification through Bouncy Castle's {@link OpenBSDBCrypt}, which recomputes the hash
 * and compares it in constant time.
 */
final class Bcrypt {

    /**
     * The bcrypt hash of "fakepassword" that exporter-toolkit checks unknown users against, so that
     * a wrong user name takes as long as a wrong password.
     */
    static final String FAKE_HASH = "$2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi";

    private static final int HASH_LENGTH = 60;

    private Bcrypt() {
    }

    /** What is wrong with a hash, worded as Go's {@code bcrypt.Cost}, or {@code null} when it is valid. */
    static String hashProblem(String hash) {
        if (hash.length() < HASH_LENGTH - 1) {
            return "crypto/bcrypt: hashedSecret too short to be a bcrypted password";
        }
        if (hash.charAt(0) != '$') {
            return "crypto/bcrypt: bcrypt hashes must start with '$', but hashedSecret started with '" + hash.charAt(0) + "'";
        }
        if (hash.charAt(1) > '2') {
            return "crypto/bcrypt: bcrypt algorithm version '" + hash.charAt(1)
                    + "' requested is newer than current version '2'";
        }
        int costAt = hash.charAt(2) == '$' ? 3 : 4;
        String version = hash.substring(1, costAt - 1);
        if (!version.equals("2") && !version.equals("2a") && !version.equals("2b") && !version.equals("2y")) {
            return "crypto/bcrypt: unsupported bcrypt version \"" + version + "\"";
        }
        int cost;
        try {
            cost = Integer.parseInt(hash, costAt, costAt + 2, 10);
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return "crypto/bcrypt: invalid cost in hash";
        }
        if (cost < 4 || cost > 31) {
            return "crypto/bcrypt: cost " + cost + " is outside allowed inclusive range 4..31";
        }
        if (hash.length() != costAt + 3 + 53 || hash.charAt(costAt + 2) != '$') {
            return "crypto/bcrypt: hashedSecret too short to be a bcrypted password";
        }
        for (int i = costAt + 3; i < hash.length(); i++) {
            char c = hash.charAt(i);
            if (!(c == '.' || c == '/' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
                return "crypto/bcrypt: invalid character in hash";
            }
        }
        return null;
    }

    /** Whether {@code password} hashes to {@code hash}; constant time in the comparison. */
    static boolean verify(String password, String hash) {
        try {
            return OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
