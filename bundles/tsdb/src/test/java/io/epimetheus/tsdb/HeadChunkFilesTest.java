package io.epimetheus.tsdb;

import static io.epimetheus.tsdb.TestUtil.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.storage.Appender;
import io.epimetheus.tsdb.TestUtil.S;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Full head chunks live in chunks_head/; damage there is repaired and the WAL fills the gap. */
class HeadChunkFilesTest {

    @TempDir
    Path dir;

    private Map<Labels, List<S>> write() throws IOException {
        Map<Labels, List<S>> want = new TreeMap<>();
        try (Db db = Db.open(TsdbOptions.defaults(dir))) {
            long[] refs = new long[30];
            for (int i = 0; i < 480; i++) {
                Appender app = db.appender();
                for (int s = 0; s < refs.length; s++) {
                    Labels l = Labels.of("__name__", "m", "s", Integer.toString(s));
                    refs[s] = app.append(refs[s], l, i * 15_000L, i * 0.25 + s);
                    want.computeIfAbsent(l, k -> new java.util.ArrayList<>()).add(S.of(i * 15_000L, i * 0.25 + s));
                }
                app.commit();
            }
            assertTrue(db.headChunksBytes() > 8, "full chunks were written to chunks_head");
        }
        return want;
    }

    private Path chunkFile() {
        return dir.resolve("chunks_head").resolve("000001");
    }

    @Test
    void chunksComeBackFromTheFilesAfterRestart() throws IOException {
        Map<Labels, List<S>> want = write();
        try (Db db = Db.open(TsdbOptions.defaults(dir))) {
            assertEquals(want, query(db, Long.MIN_VALUE, Long.MAX_VALUE, Matcher.equal("__name__", "m")));
            // most samples came from mapped chunks, not from WAL samples
            assertTrue(db.replayStatus().samples() < 30 * 480 / 2, "replayed " + db.replayStatus().samples());
        }
    }

    @Test
    void corruptedChunkFileIsCutAndTheWalFillsIn() throws IOException {
        Map<Labels, List<S>> want = write();
        long size = Files.size(chunkFile());
        try (RandomAccessFile f = new RandomAccessFile(chunkFile().toFile(), "rw")) {
            f.seek(size / 2);
            int b = f.read();
            f.seek(size / 2);
            f.write(b ^ 0xFF);
        }
        try (Db db = Db.open(TsdbOptions.defaults(dir))) {
            assertEquals(want, query(db, Long.MIN_VALUE, Long.MAX_VALUE, Matcher.equal("__name__", "m")));
        }
        assertTrue(Files.size(chunkFile()) < size);
    }

    @Test
    void truncatedChunkFileLosesNothing() throws IOException {
        Map<Labels, List<S>> want = write();
        try (RandomAccessFile f = new RandomAccessFile(chunkFile().toFile(), "rw")) {
            f.setLength(f.length() - 37);
        }
        try (Db db = Db.open(TsdbOptions.defaults(dir))) {
            assertEquals(want, query(db, Long.MIN_VALUE, Long.MAX_VALUE, Matcher.equal("__name__", "m")));
        }
    }
}
