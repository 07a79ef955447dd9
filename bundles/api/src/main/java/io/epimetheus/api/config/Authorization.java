package io.epimetheus.api.config;

/**
 * {@code authorization} (and the older {@code bearer_token}/{@code bearer_token_file}, which load
 * into this form): an {@code Authorization: <type> <credentials>} header.
 *
 * @param type the scheme, {@code Bearer} unless configured
 * @param credentials the credentials, or an empty secret
 * @param credentialsFile a file holding the credentials, or ""
 */
public record Authorization(String type, Secret credentials, String credentialsFile) {
}
