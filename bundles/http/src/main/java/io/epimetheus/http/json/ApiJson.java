package io.epimetheus.http.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.epimetheus.api.query.ErrorType;
import java.io.IOException;
import javax.servlet.http.HttpServletResponse;

/**
 * The envelope of every Prometheus API answer, streamed with Jackson's generator straight to the
 * response: {@code {"status":"success","data":...}} or {@code {"status":"error","errorType":...,
 * "error":...}}.
 */
public final class ApiJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private ApiJson() {
    }

    /** Starts a success answer; the caller writes the {@code data} value, then calls {@link #endSuccess}. */
    public static JsonGenerator startSuccess(HttpServletResponse resp) throws IOException {
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType("application/json");
        JsonGenerator g = FACTORY.createGenerator(resp.getOutputStream(), JsonEncoding.UTF8);
        g.writeStartObject();
        g.writeStringField("status", "success");
        g.writeFieldName("data");
        return g;
    }

    /** Closes the envelope opened by {@link #startSuccess}. */
    public static void endSuccess(JsonGenerator g) throws IOException {
        g.writeEndObject();
    }

    /** Writes a complete error answer with the HTTP status Prometheus uses for its type. */
    public static void error(HttpServletResponse resp, ErrorType type, String message) throws IOException {
        resp.setStatus(type.httpStatus());
        resp.setContentType("application/json");
        try (JsonGenerator g = FACTORY.createGenerator(resp.getOutputStream(), JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("status", "error");
            g.writeStringField("errorType", type.json());
            g.writeStringField("error", message);
            g.writeEndObject();
        }
    }
}
