package io.epimetheus.shell.status;

import io.epimetheus.api.status.Spi;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.framework.BundleContext;

/** {@code epi:status}: for each SPI, the implementation consumers are bound to, and its health. */
@Service
@Command(scope = "epi", name = "status",
        description = "Shows, for each Epimetheus service provider interface, the bound implementation, its bundle and health")
public class StatusCommand implements Action {

    @Reference
    BundleContext context;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("SPI");
        table.column("Implementation");
        table.column("Bundle");
        table.column("Health");
        for (Spi spi : Spi.values()) {
            List<SpiProviders.Provider> providers = SpiProviders.of(context, spi);
            if (providers.isEmpty()) {
                table.addRow().addContent(spi.type().getSimpleName(), "(none)",
                        spi.feature() == null ? "no implementation installed" : "feature:install " + spi.feature(),
                        "-");
            } else if (spi.multiple()) {
                // Distinct keys, sorted, with their counts: "(self-metrics) x8, apps, karaf x2".
                Map<String, Integer> counts = new TreeMap<>();
                boolean allHealthy = true;
                for (SpiProviders.Provider p : providers) {
                    counts.merge(p.key(), 1, Integer::sum);
                    allHealthy &= p.health().healthy();
                }
                StringBuilder keys = new StringBuilder();
                counts.forEach((key, n) -> {
                    if (keys.length() > 0) {
                        keys.append(", ");
                    }
                    keys.append(key);
                    if (n > 1) {
                        keys.append(" x").append(n);
                    }
                });
                table.addRow().addContent(spi.type().getSimpleName(),
                        providers.size() + " registered: " + keys,
                        "see epi:plugins --spi " + spi.name(),
                        allHealthy ? "healthy" : "UNHEALTHY (see epi:plugins)");
            } else {
                SpiProviders.Provider bound = providers.get(0);
                table.addRow().addContent(spi.type().getSimpleName(), bound.implementation(),
                        bound.bundle() + " " + bound.bundleVersion(), SpiProviders.healthText(bound.health()));
            }
        }
        table.print(System.out);
        return null;
    }
}
