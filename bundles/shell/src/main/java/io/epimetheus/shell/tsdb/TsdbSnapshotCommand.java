package io.epimetheus.shell.tsdb;

import io.epimetheus.api.storage.StorageAdmin;
import io.epimetheus.api.storage.StorageException;
import io.epimetheus.shell.MissingService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code epi:tsdb-snapshot}: a consistent snapshot of the data, as {@code POST /api/v1/admin/tsdb/snapshot}. */
@Service
@Command(scope = "epi", name = "tsdb-snapshot",
        description = "Snapshots the TSDB into <data dir>/snapshots/<name> (hard links to blocks, plus the head)")
public class TsdbSnapshotCommand implements Action {

    @Reference(optional = true)
    StorageAdmin admin;

    @Option(name = "--skip-head", description = "Leave out data that is only in the head")
    boolean skipHead;

    @Override
    public Object execute() {
        if (admin == null) {
            MissingService.report("StorageAdmin", "epimetheus-tsdb");
            return null;
        }
        try {
            String name = admin.snapshot(skipHead);
            System.out.println("Snapshot " + name + " created in " + admin.info().dataDirectory() + "/snapshots/" + name);
        } catch (StorageException e) {
            System.err.println("Snapshot failed: " + e.getMessage());
        }
        return null;
    }
}
