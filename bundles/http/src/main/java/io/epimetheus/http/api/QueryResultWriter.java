package io.epimetheus.http.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.epimetheus.api.query.Matrix;
import io.epimetheus.api.query.QueryStats;
import io.epimetheus.api.query.QueryValue;
import io.epimetheus.api.query.Sample;
import io.epimetheus.api.query.Scalar;
import io.epimetheus.api.query.Series;
import io.epimetheus.api.query.StringValue;
import io.epimetheus.api.query.Vector;
import io.epimetheus.http.json.PromJson;
import java.io.IOException;
import java.util.List;

/**
 * Streams a query result in the API's {@code {"resultType":...,"result":...}} shape straight from
 * the engine's arrays: a matrix is written series by series, point by point, never copied.
 */
final class QueryResultWriter {

    private final PromJson json = new PromJson();

    /**
     * Writes the {@code data} object.
     *
     * @param limit the maximum series or samples written (0: all)
     * @param stats the statistics to include, or {@code null} when not asked for
     */
    void write(JsonGenerator g, QueryValue value, int limit, QueryStats stats) throws IOException {
        g.writeStartObject();
        g.writeStringField("resultType", value.resultType());
        g.writeFieldName("result");
        if (value instanceof Matrix m) {
            matrix(g, m.series(), limit);
        } else if (value instanceof Vector v) {
            vector(g, v.samples(), limit);
        } else if (value instanceof Scalar s) {
            json.point(g, s.t(), s.v());
        } else if (value instanceof StringValue s) {
            g.writeStartArray();
            json.timestamp(g, s.t());
            g.writeString(s.v());
            g.writeEndArray();
        }
        if (stats != null) {
            stats(g, stats);
        }
        g.writeEndObject();
    }

    /** Whether {@link #write} with this limit leaves results out. */
    static boolean truncates(QueryValue value, int limit) {
        if (limit <= 0) {
            return false;
        }
        if (value instanceof Matrix m) {
            return m.series().size() > limit;
        }
        if (value instanceof Vector v) {
            return v.samples().size() > limit;
        }
        return false;
    }

    private void matrix(JsonGenerator g, List<Series> series, int limit) throws IOException {
        int n = limit > 0 ? Math.min(limit, series.size()) : series.size();
        g.writeStartArray();
        for (int i = 0; i < n; i++) {
            Series s = series.get(i);
            g.writeStartObject();
            g.writeFieldName("metric");
            PromJson.labels(g, s.metric());
            if (s.count() > 0) {
                g.writeArrayFieldStart("values");
                long[] ts = s.timestamps();
                double[] vs = s.values();
                for (int k = 0, c = s.count(); k < c; k++) {
                    json.point(g, ts[k], vs[k]);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private void vector(JsonGenerator g, List<Sample> samples, int limit) throws IOException {
        int n = limit > 0 ? Math.min(limit, samples.size()) : samples.size();
        g.writeStartArray();
        for (int i = 0; i < n; i++) {
            Sample s = samples.get(i);
            g.writeStartObject();
            g.writeFieldName("metric");
            PromJson.labels(g, s.metric());
            g.writeFieldName("value");
            json.point(g, s.t(), s.v());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    // Prometheus's stats shape. The engine reports no result sort time and no separate count of
    // samples read, so those are written as 0 and as the queryable sample count.
    private static void stats(JsonGenerator g, QueryStats s) throws IOException {
        g.writeObjectFieldStart("stats");
        g.writeObjectFieldStart("timings");
        PromJson.numberField(g, "evalTotalTime", s.execTotalSeconds() - s.execQueueSeconds());
        g.writeNumberField("resultSortTime", 0);
        PromJson.numberField(g, "queryPreparationTime", s.queryPreparationSeconds());
        PromJson.numberField(g, "innerEvalTime", s.innerEvalSeconds());
        PromJson.numberField(g, "execQueueTime", s.execQueueSeconds());
        PromJson.numberField(g, "execTotalTime", s.execTotalSeconds());
        g.writeEndObject();
        g.writeObjectFieldStart("samples");
        g.writeNumberField("totalQueryableSamples", s.totalQueryableSamples());
        g.writeNumberField("samplesRead", s.totalQueryableSamples());
        g.writeNumberField("peakSamples", s.peakSamples());
        g.writeEndObject();
        g.writeEndObject();
    }
}
