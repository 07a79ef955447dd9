package io.epimetheus.shell.config;

import io.epimetheus.api.config.ConfigService;
import io.epimetheus.api.config.ReloadStatus;
import io.epimetheus.shell.MissingService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code epi:reload}: reloads {@code prometheus.yml} as {@code POST /-/reload} does. A file that does
 * not load leaves the running configuration in place; the command then fails with the loader's
 * error, so {@code ./epimetheus client epi:reload} exits non-zero.
 */
@Service
@Command(scope = "epi", name = "reload", description = "Reloads the configuration file (as POST /-/reload); a bad file keeps the running configuration")
public class ReloadCommand implements Action {

    @Reference(optional = true)
    ConfigService config;

    @Override
    public Object execute() {
        if (config == null) {
            MissingService.report("ConfigService", "epimetheus-config");
            return null;
        }
        ReloadStatus status = config.reload();
        if (!status.success()) {
            throw new IllegalStateException("failed to reload config: " + status.error());
        }
        System.out.println("Configuration reloaded from " + status.file());
        return null;
    }
}
