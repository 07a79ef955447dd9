package io.epimetheus.shell.status;

import io.epimetheus.api.status.Spi;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes SPI names for {@code epi:plugins --spi}. */
@Service
public class SpiCompleter implements Completer {

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (Spi spi : Spi.values()) {
            delegate.getStrings().add(spi.name());
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
