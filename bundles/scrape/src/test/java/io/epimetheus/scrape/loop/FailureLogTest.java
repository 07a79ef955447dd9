package io.epimetheus.scrape.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lines of a scrape failure log, in the form of Prometheus's JSON file logger. */
class FailureLogTest {

    @TempDir
    Path dir;

    @Test
    void writesOneJsonObjectPerLineWithPrometheusFields() throws Exception {
        Path file = dir.resolve("failures.log");
        Files.writeString(file, "kept\n");
        try (FailureLog log = FailureLog.open(file)) {
            log.failed("node", "http://127.0.0.1:9100/metrics", "Get \"http://127.0.0.1:9100/metrics\": EOF\n\t<x>");
            log.failed("app", "http://a/metrics?x=1", "server returned HTTP status 404 Not Found");
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size());
        assertEquals("kept", lines.get(0), "the file is appended to");
        JsonNode first = new ObjectMapper().readTree(lines.get(1));
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = first.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        assertEquals(List.of("time", "level", "source", "msg", "job_name", "target"), keys);
        assertEquals("ERROR", first.get("level").asText());
        assertTrue(first.get("source").asText().matches("FailureLogTest\\.java:\\d+"), first.get("source").asText());
        assertEquals("Get \"http://127.0.0.1:9100/metrics\": EOF\n\t<x>", first.get("msg").asText());
        assertTrue(lines.get(1).contains("EOF\\n\\t<x>"), "control characters escaped, < and > as they are");
        assertEquals("node", first.get("job_name").asText());
        assertEquals("http://127.0.0.1:9100/metrics", first.get("target").asText());
        Instant t = OffsetDateTime.parse(first.get("time").asText()).toInstant();
        assertTrue(Math.abs(t.toEpochMilli() - System.currentTimeMillis()) < 60_000);
        assertEquals("app", new ObjectMapper().readTree(lines.get(2)).get("job_name").asText());
    }

    @Test
    void timesAreGoRfc3339Nano() {
        StringBuilder sb = new StringBuilder();
        FailureLog.appendTime(sb, Instant.parse("2024-11-22T10:11:12.120Z"));
        String s = sb.toString();
        OffsetDateTime parsed = OffsetDateTime.parse(s);
        assertEquals(Instant.parse("2024-11-22T10:11:12.120Z"), parsed.toInstant());
        assertTrue(s.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:12\\.12(Z|[+-]\\d\\d:\\d\\d)"), s);
        sb.setLength(0);
        FailureLog.appendTime(sb, Instant.parse("2024-11-22T10:11:12Z"));
        assertTrue(sb.toString().matches("[^.]*:12(Z|[+-]\\d\\d:\\d\\d)"), "no fraction for whole seconds: " + sb);
    }

    @Test
    void aFileThatCannotBeCreatedIsAnError() {
        Path file = dir.resolve("missing-dir").resolve("f.log");
        IOException e = assertThrows(IOException.class, () -> FailureLog.open(file));
        assertEquals("can't create json log file: open " + file + ": no such file or directory", e.getMessage());
    }
}
