package io.epimetheus.http.api;

import java.io.IOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;

/**
 * Compresses an API answer with gzip when the client accepts it, as Prometheus's API handler does
 * (Go clients such as promtool and Grafana ask for it by default). The answer is still streamed:
 * bytes are compressed as the JSON generator produces them.
 */
final class GzipResponse extends HttpServletResponseWrapper {

    private GzipStream stream;

    private GzipResponse(HttpServletResponse resp) {
        super(resp);
    }

    /** The response to write to: compressing when the request accepts gzip, else {@code resp} itself. */
    static HttpServletResponse wrap(HttpServletRequest req, HttpServletResponse resp) {
        String accept = req.getHeader("Accept-Encoding");
        if (accept == null || !accepts(accept)) {
            return resp;
        }
        resp.setHeader("Content-Encoding", "gzip");
        resp.addHeader("Vary", "Accept-Encoding");
        return new GzipResponse(resp);
    }

    // An Accept-Encoding list that names gzip without q=0.
    private static boolean accepts(String header) {
        for (String part : header.split(",")) {
            String[] p = part.trim().split(";");
            if (p[0].trim().equalsIgnoreCase("gzip")) {
                for (int i = 1; i < p.length; i++) {
                    String q = p[i].trim();
                    if (q.startsWith("q=") && Double.parseDouble(q.substring(2).trim()) == 0) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            stream = new GzipStream(super.getOutputStream());
        }
        return stream;
    }

    @Override
    public void setContentLength(int len) {
        // The compressed length is not known in advance.
    }

    @Override
    public void setContentLengthLong(long len) {
        // The compressed length is not known in advance.
    }

    /** Ends the compressed stream; the answer is complete after this. */
    static void finish(HttpServletResponse resp) throws IOException {
        if (resp instanceof GzipResponse g && g.stream != null) {
            g.stream.finish();
        }
    }

    private static final class GzipStream extends ServletOutputStream {
        private final ServletOutputStream target;
        private final GZIPOutputStream gzip;

        GzipStream(ServletOutputStream target) throws IOException {
            this.target = target;
            this.gzip = new GZIPOutputStream(target, 64 * 1024) {
                {
                    def.setLevel(Deflater.BEST_SPEED);
                }
            };
        }

        @Override
        public void write(int b) throws IOException {
            gzip.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            gzip.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            gzip.flush();
        }

        // The JSON generator closes the stream it writes to; the gzip trailer is written by finish().
        @Override
        public void close() throws IOException {
            gzip.flush();
        }

        void finish() throws IOException {
            gzip.finish();
            target.flush();
        }

        @Override
        public boolean isReady() {
            return target.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            target.setWriteListener(listener);
        }
    }
}
