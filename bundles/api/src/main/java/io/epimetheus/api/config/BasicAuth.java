package io.epimetheus.api.config;

/**
 * {@code basic_auth}: HTTP basic authentication. Inline values and files are alternatives; empty
 * strings mean "not set". File contents are read on each request, trimmed of surrounding space.
 *
 * @param username the user name, or ""
 * @param usernameFile a file holding the user name, or ""
 * @param password the password, or an empty secret
 * @param passwordFile a file holding the password, or ""
 */
public record BasicAuth(String username, String usernameFile, Secret password, String passwordFile) {
}
