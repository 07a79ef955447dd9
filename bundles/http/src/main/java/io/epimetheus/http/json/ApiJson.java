package io.epimetheus.http.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import io.epimetheus.api.query.ErrorType;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import javax.servlet.http.HttpServletResponse;

/**
 * The envelope of every Prometheus API answer, streamed with Jackson's generator straight to the
 * response: {@code {"status":"success","data":...,"warnings":[...],"infos":[...]}} or {@code
 * {"status":"error","errorType":...,"error":...}}. Strings are escaped as Go's encoding/json does
 * ({@link GoJsonEscapes}), so answers match Prometheus byte for byte.
 */
public final class ApiJson {

    private static final JsonFactory FACTORY = new JsonFactoryBuilder().characterEscapes(GoJsonEscapes.INSTANCE).build();

    private ApiJson() {
    }

    /** A generator writing Go-compatible JSON to {@code out}. */
    public static JsonGenerator generator(OutputStream out) throws IOException {
        return FACTORY.createGenerator(out, JsonEncoding.UTF8);
    }

    /** Starts a success answer; the caller writes the {@code data} value, then calls {@link #endSuccess}. */
    public static JsonGenerator startSuccess(HttpServletResponse resp) throws IOException {
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType("application/json");
        JsonGenerator g = generator(resp.getOutputStream());
        g.writeStartObject();
        g.writeStringField("status", "success");
        g.writeFieldName("data");
        return g;
    }

    /** Closes the envelope opened by {@link #startSuccess}. */
    public static void endSuccess(JsonGenerator g) throws IOException {
        g.writeEndObject();
    }

    /** Closes the envelope opened by {@link #startSuccess}, with Prometheus's optional annotations. */
    public static void endSuccess(JsonGenerator g, List<String> warnings, List<String> infos) throws IOException {
        writeStrings(g, "warnings", warnings);
        writeStrings(g, "infos", infos);
        g.writeEndObject();
    }

    private static void writeStrings(JsonGenerator g, String field, List<String> values) throws IOException {
        if (values == null || values.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    /** Writes a complete error answer with the HTTP status Prometheus uses for its type. */
    public static void error(HttpServletResponse resp, ErrorType type, String message) throws IOException {
        error(resp, type, message, type.httpStatus());
    }

    /** Writes a complete error answer with a given HTTP status. */
    public static void error(HttpServletResponse resp, ErrorType type, String message, int httpStatus) throws IOException {
        resp.setStatus(httpStatus);
        resp.setContentType("application/json");
        try (JsonGenerator g = generator(resp.getOutputStream())) {
            g.writeStartObject();
            g.writeStringField("status", "error");
            g.writeStringField("errorType", type.json());
            g.writeStringField("error", message);
            g.writeEndObject();
        }
    }
}
