package io.epimetheus.tsdb.format.wal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Opens a new segment file for writing. */
@FunctionalInterface
public interface ChannelOpener {

    ChannelOpener DEFAULT = p -> FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);

    FileChannel open(Path path) throws IOException;
}
