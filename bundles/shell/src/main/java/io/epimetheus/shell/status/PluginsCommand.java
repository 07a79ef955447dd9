package io.epimetheus.shell.status;

import io.epimetheus.api.status.Spi;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.framework.BundleContext;

/** {@code epi:plugins}: every installed implementation of every SPI with its service ranking. */
@Service
@Command(scope = "epi", name = "plugins",
        description = "Lists all installed implementations of every Epimetheus SPI with their service ranking")
public class PluginsCommand implements Action {

    @Reference
    BundleContext context;

    @Option(name = "--spi", description = "Only this SPI (e.g. STORAGE, COLLECTOR)")
    @Completion(SpiCompleter.class)
    String spi;

    @Override
    public Object execute() {
        Spi only = null;
        if (spi != null) {
            try {
                only = Spi.valueOf(spi.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                System.err.println("Unknown SPI \"" + spi + "\"; one of " + java.util.Arrays.toString(Spi.values()));
                return null;
            }
        }
        ShellTable table = new ShellTable();
        table.column("SPI");
        table.column("Key");
        table.column("Implementation");
        table.column("Bundle");
        table.column("Version");
        table.column("Ranking").alignRight();
        table.column("Service id").alignRight();
        table.column("Health");
        for (Spi s : Spi.values()) {
            if (only != null && s != only) {
                continue;
            }
            boolean first = true;
            for (SpiProviders.Provider p : SpiProviders.of(context, s)) {
                String marker = !s.multiple() && first ? " (bound)" : "";
                first = false;
                table.addRow().addContent(s.name(), p.key(), p.implementation() + marker, p.bundle(),
                        p.bundleVersion(), p.ranking(), p.serviceId(), SpiProviders.healthText(p.health()));
            }
        }
        table.print(System.out);
        return null;
    }
}
