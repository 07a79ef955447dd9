/**
 * Prometheus's {@code http_client_config} over a blocking HTTP/1.1 client: the one implementation
 * behind scraping, remote write and remote read.
 *
 * <p>{@link io.epimetheus.httpclient.HttpClient} holds what the requests of one configuration
 * share — TLS from PEM (CA, client certificate, {@code server_name}, {@code insecure_skip_verify},
 * {@code min_version}/{@code max_version}; files re-read when they change), authentication
 * ({@code basic_auth}, {@code authorization}, OAuth 2.0 with cached tokens; credential files re-read
 * on each request), {@code http_headers}, proxies ({@code proxy_url}, {@code no_proxy}, {@code
 * proxy_from_environment}, {@code proxy_connect_header}) and redirects. It is thread-safe and starts
 * no threads. {@link io.epimetheus.httpclient.HttpConnection} is one kept-alive connection with
 * reusable buffers, used by one thread at a time; a steady exchange allocates only its request
 * head. Failures are {@link io.epimetheus.httpclient.HttpException}s worded as Go's client words
 * them ({@code Get "<url>": context deadline exceeded}).
 */
@Export
@Version("1.0.0")
package io.epimetheus.httpclient;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
