package io.epimetheus.expfmt;

import static io.epimetheus.expfmt.ExpositionFormat.OPENMETRICS;
import static io.epimetheus.expfmt.ExpositionFormat.PROMETHEUS_TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ExpositionFormatTest {

    @Test
    void contentTypesAreTheClientLibraryOnes() {
        assertEquals("text/plain; version=0.0.4; charset=utf-8", PROMETHEUS_TEXT.contentType());
        assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8", OPENMETRICS.contentType());
    }

    @Test
    void negotiatesLikeTheClientLibraries() {
        // What Prometheus's scraper sends by default.
        assertEquals(OPENMETRICS, ExpositionFormat.negotiate("application/openmetrics-text;version=1.0.0,"
                + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"));
        assertEquals(OPENMETRICS, ExpositionFormat.negotiate("application/openmetrics-text"));
        assertEquals(OPENMETRICS, ExpositionFormat.negotiate("Application/OpenMetrics-Text; version=\"0.0.1\""));
        assertEquals(PROMETHEUS_TEXT, ExpositionFormat.negotiate("application/openmetrics-text; version=2.0.0"));
        assertEquals(PROMETHEUS_TEXT, ExpositionFormat.negotiate("text/plain;version=0.0.4;q=0.9,application/openmetrics-text;q=0.5"));
        assertEquals(OPENMETRICS, ExpositionFormat.negotiate("text/plain;q=0.4, application/openmetrics-text;q=0.5"));
        assertEquals(PROMETHEUS_TEXT, ExpositionFormat.negotiate("application/openmetrics-text;q=0"));
        assertEquals(PROMETHEUS_TEXT, ExpositionFormat.negotiate("application/openmetrics-text;q=bogus"));
        assertEquals(PROMETHEUS_TEXT, ExpositionFormat.negotiate("*/*"));
        assertEquals(PROMETHEUS_TEXT, ExpositionFormat.negotiate("text/html,application/xhtml+xml"));
        assertEquals(PROMETHEUS_TEXT, ExpositionFormat.negotiate(""));
        assertEquals(PROMETHEUS_TEXT, ExpositionFormat.negotiate(null));
    }

    @Test
    void recognisesScrapedContentTypes() {
        assertEquals(PROMETHEUS_TEXT, ExpositionFormat.ofContentType("text/plain; version=0.0.4; charset=utf-8"));
        assertEquals(PROMETHEUS_TEXT, ExpositionFormat.ofContentType("TEXT/PLAIN"));
        assertEquals(OPENMETRICS, ExpositionFormat.ofContentType("application/openmetrics-text; version=1.0.0"));
        assertEquals(ExpositionFormat.PROTOBUF,
                ExpositionFormat.ofContentType("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily"));
        assertNull(ExpositionFormat.ofContentType("application/json"));
        assertNull(ExpositionFormat.ofContentType(""));
        assertNull(ExpositionFormat.ofContentType(null));
    }
}
