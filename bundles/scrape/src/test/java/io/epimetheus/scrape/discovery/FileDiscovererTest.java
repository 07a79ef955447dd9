package io.epimetheus.scrape.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.config.ConfigException;
import io.epimetheus.api.discovery.Discoverer;
import io.epimetheus.api.discovery.DiscoveryContext;
import io.epimetheus.api.discovery.TargetGroup;
import io.epimetheus.api.model.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDiscovererTest {

    @TempDir
    Path dir;

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void readsJsonAndYamlFilesAndFollowsChanges() throws Exception {
        Files.writeString(dir.resolve("a.json"),
                "[{\"targets\": [\"h1:9100\", \"h2:9100\"], \"labels\": {\"env\": \"prod\"}}]");
        Files.writeString(dir.resolve("b.yml"), "- targets: ['h3:9100']\n");
        FileDiscovererFactory factory = new FileDiscovererFactory();
        Map<String, TargetGroup> groups = new ConcurrentHashMap<>();
        Discoverer d = factory.create(Map.of("files", List.of("*.json", "*.yml"), "refresh_interval", "1h"),
                new DiscoveryContext("job", dir, 0));
        try {
            d.start(update -> update.forEach(g -> {
                if (g.targets().isEmpty()) {
                    groups.remove(g.source());
                } else {
                    groups.put(g.source(), g);
                }
            }));
            String a = dir.resolve("a.json") + ":0";
            await(() -> groups.size() == 2, "both files");
            TargetGroup g = groups.get(a);
            assertEquals(List.of(Labels.of("__address__", "h1:9100"), Labels.of("__address__", "h2:9100")), g.targets());
            assertEquals(Labels.of("env", "prod", "__meta_filepath", dir.resolve("a.json").toString()), g.labels());

            Files.writeString(dir.resolve("a.json"), "[{\"targets\": [\"h9:9100\"]}]");
            await(() -> groups.get(a) != null && groups.get(a).targets().equals(List.of(Labels.of("__address__", "h9:9100"))),
                    "the change to be picked up by the watcher");
            Files.delete(dir.resolve("b.yml"));
            await(() -> groups.size() == 1, "the deleted file's group to go");

            Files.writeString(dir.resolve("a.json"), "[{\"targets\": ");
            Thread.sleep(300);
            assertEquals(1, groups.size(), "a broken file keeps its previous groups");
            Files.writeString(dir.resolve("a.json"), "");
            Thread.sleep(300);
            assertEquals(1, groups.size(), "so does an empty JSON file, as in Prometheus");
        } finally {
            d.close();
            factory.deactivate();
        }
    }

    @Test
    void validatesItsConfiguration() {
        FileDiscovererFactory factory = new FileDiscovererFactory();
        DiscoveryContext ctx = new DiscoveryContext("job", dir, 0);
        ConfigException e = assertThrows(ConfigException.class, () -> factory.create(Map.of(), ctx));
        assertEquals("file service discovery config must contain at least one path name", e.getMessage());
        e = assertThrows(ConfigException.class, () -> factory.create(Map.of("files", List.of("a/*/b.json")), ctx));
        assertEquals("path name \"a/*/b.json\" is not valid for file discovery", e.getMessage());
        e = assertThrows(ConfigException.class, () -> factory.create(Map.of("files", List.of("a.txt")), ctx));
        assertTrue(e.getMessage().contains("is not valid for file discovery"));
        e = assertThrows(ConfigException.class, () -> factory.create(Map.of("files", List.of("a.json"), "foo", 1), ctx));
        assertEquals("field foo not found in type file.plain", e.getMessage());
        factory.deactivate();
    }

    @Test
    void staticConfigFixtureIsRejected() throws Exception {
        // conformance/config/static_config.bad.yml is a target group with a !!binary label name that is not UTF-8.
        Map<String, Object> raw = Map.of("targets", List.of("1.2.3.4:9001"), "labels",
                Map.of("valid_label", "foo", "\udcff", "bar"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> new StaticDiscovererFactory().create(raw, new DiscoveryContext("j", dir, 0)));
        assertTrue(e.getMessage().contains("is not a valid label name"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> new StaticDiscovererFactory()
                .create(Map.of("targets", List.of("a:1"), "labelz", Map.of()), new DiscoveryContext("j", dir, 0)));
        assertTrue(e.getMessage().contains("field labelz not found"), e.getMessage());
    }
}
