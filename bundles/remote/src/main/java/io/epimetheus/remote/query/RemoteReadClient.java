package io.epimetheus.remote.query;

import io.epimetheus.api.config.RemoteReadConfig;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.storage.SelectHints;
import io.epimetheus.api.storage.StorageException;
import io.epimetheus.httpclient.HttpClient;
import io.epimetheus.httpclient.RequestHeaders;
import io.epimetheus.remote.client.HttpPost;
import io.epimetheus.remote.codec.ProtoException;
import io.epimetheus.remote.read.ReadCodec;
import io.epimetheus.remote.read.ReadQuery;
import io.epimetheus.remote.read.ReadRequest;
import io.epimetheus.remote.read.ResponseDecoder;
import io.epimetheus.remote.read.SeriesData;
import io.epimetheus.tsdb.format.snappy.SnappyBlock;
import io.epimetheus.tsdb.format.snappy.SnappyException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Queries one {@code remote_read} endpoint: posts a snappy-compressed {@code ReadRequest} that
 * accepts streamed XOR chunks first and sampled responses second, and decodes whichever comes back
 * into series sorted by labels. Thread-safe.
 */
final class RemoteReadClient {

    private final RemoteReadConfig cfg;
    private final HttpPost http;
    private final RequestHeaders readHeaders;

    RemoteReadClient(RemoteReadConfig cfg) {
        this.cfg = cfg;
        this.http = new HttpPost(cfg.url(), cfg.remoteTimeout(), cfg.headers(), cfg.httpClient());
        this.readHeaders = http.headers("Content-Type", "application/x-protobuf", "Content-Encoding", "snappy",
                "X-Prometheus-Remote-Read-Version", "0.1.0");
    }

    RemoteReadConfig config() {
        return cfg;
    }

    /** The endpoint's HTTP client, for checking its settings before use. */
    HttpClient httpClient() {
        return http.client();
    }

    /** Releases the connections kept for the next read. */
    void close() {
        http.close();
    }

    /**
     * Reads the series matching {@code matchers} in {@code [mint, maxt]}.
     *
     * @throws StorageException naming the endpoint when the request fails
     */
    List<SeriesData> read(long mint, long maxt, SelectHints hints, Matcher[] matchers) {
        ReadRequest req = new ReadRequest(List.of(new ReadQuery(mint, maxt, Arrays.asList(matchers), hints)),
                List.of(ReadRequest.STREAMED_XOR_CHUNKS, ReadRequest.SAMPLES));
        byte[] raw = ReadCodec.encode(req);
        byte[] body = new byte[SnappyBlock.maxEncodedLength(raw.length)];
        int n = new SnappyBlock().encode(raw, 0, raw.length, body);
        try {
            List<SeriesData> series = http.exchange(body, n, readHeaders, (c, status) -> {
                if (status / 100 != 2) {
                    String text = new String(c.bodyStream().readNBytes(512), StandardCharsets.UTF_8).trim();
                    throw new StorageException("remote_read " + cfg.url() + ": server returned HTTP status " + status
                            + (text.isEmpty() ? "" : ": " + text), status / 100 == 5 || status == 429);
                }
                String type = c.contentType();
                InputStream in = c.bodyStream();
                if (type != null && type.startsWith("application/x-streamed-protobuf")) {
                    return new ResponseDecoder().decodeChunked(in, cfg.chunkedReadLimit(), 1).get(0);
                }
                byte[] compressed = in.readAllBytes();
                byte[] dec = new byte[SnappyBlock.decodedLength(compressed, 0, compressed.length)];
                SnappyBlock.decode(compressed, 0, compressed.length, dec);
                List<List<SeriesData>> results = new ResponseDecoder().decodeSampled(dec, 0, dec.length);
                if (results.size() != 1) {
                    throw new StorageException("remote_read " + cfg.url() + ": responses=" + results.size()
                            + ", want 1", false);
                }
                return results.get(0);
            });
            series.sort(Comparator.comparing(SeriesData::labels));
            return series;
        } catch (IOException e) {
            throw new StorageException("remote_read " + cfg.url() + ": " + e.getMessage(), true, e);
        } catch (SnappyException | ProtoException e) {
            throw new StorageException("remote_read " + cfg.url() + ": undecodable response: " + e.getMessage(), false, e);
        }
    }
}
