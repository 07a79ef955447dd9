package io.epimetheus.shell.tsdb;

import io.epimetheus.api.storage.StorageAdmin;
import io.epimetheus.api.storage.StorageException;
import io.epimetheus.shell.MissingService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code epi:tsdb-compact}: runs a compaction cycle now (head into blocks, blocks merged, retention). */
@Service
@Command(scope = "epi", name = "tsdb-compact",
        description = "Compacts the TSDB now: persists the head's old data, merges blocks, applies retention")
public class TsdbCompactCommand implements Action {

    @Reference(optional = true)
    StorageAdmin admin;

    @Option(name = "--clean-tombstones", description = "Also rewrite blocks with deleted series, freeing their space")
    boolean cleanTombstones;

    @Override
    public Object execute() {
        if (admin == null) {
            MissingService.report("StorageAdmin", "epimetheus-tsdb");
            return null;
        }
        int before = admin.blocks().size();
        try {
            admin.compact();
            if (cleanTombstones) {
                admin.cleanTombstones();
            }
        } catch (StorageException e) {
            System.err.println("Compaction failed: " + e.getMessage());
            return null;
        }
        System.out.println("Compaction done: " + before + " blocks before, " + admin.blocks().size() + " after");
        return null;
    }
}
