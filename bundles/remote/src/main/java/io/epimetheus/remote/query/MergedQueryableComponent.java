package io.epimetheus.remote.query;

import io.epimetheus.api.config.ConfigException;
import io.epimetheus.api.config.ConfigListener;
import io.epimetheus.api.config.ConfigService;
import io.epimetheus.api.config.PrometheusConfig;
import io.epimetheus.api.config.RemoteReadConfig;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.storage.Querier;
import io.epimetheus.api.storage.Queryable;
import io.epimetheus.api.storage.Storage;
import io.epimetheus.api.storage.StorageException;
import io.epimetheus.httpclient.HttpException;
import io.epimetheus.remote.config.ConfigSubscription;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@link Queryable} that PromQL should evaluate against when {@code remote_read} is
 * configured: the bound {@link Storage} merged with the remote endpoints (see {@link
 * RemoteReadQueryable}). Registered with the service property {@value Queryable#KIND_PROPERTY}{@code
 * =}{@value Queryable#MERGED}; consumers (the HTTP API, rule evaluation) reference {@code Queryable} optionally and
 * fall back to {@code Storage} when it is absent. Without {@code remote_read} entries it simply
 * delegates to the local storage. Without a bound storage it throws a retryable {@link
 * StorageException}, as the storage itself would.
 */
@Component(service = Queryable.class, property = Queryable.KIND_PROPERTY + "=" + Queryable.MERGED,
        immediate = true)
public final class MergedQueryableComponent implements Queryable, ConfigListener {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Storage storage;

    private final ConfigSubscription subscription = new ConfigSubscription(this, "remote_read");
    private volatile List<RemoteReadClient> remotes = List.of();
    private volatile Labels externalLabels = Labels.EMPTY;

    @Activate
    void activate() {
        subscription.activate();
    }

    @Deactivate
    void deactivate() {
        subscription.deactivate();
        closeRemotes();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindConfig")
    void bindConfig(ConfigService cs) {
        subscription.bind(cs);
    }

    void unbindConfig(ConfigService cs) {
        if (subscription.unbind(cs)) {
            closeRemotes();
        }
    }

    private void closeRemotes() {
        List<RemoteReadClient> old = remotes;
        remotes = List.of();
        close(old);
    }

    @Override
    public void configChanged(PrometheusConfig config) {
        List<RemoteReadClient> clients = new ArrayList<>();
        for (RemoteReadConfig rr : config.remoteRead()) {
            RemoteReadClient c = new RemoteReadClient(rr);
            try {
                c.httpClient().check();
            } catch (HttpException e) {
                throw new ConfigException("remote_read " + rr.url() + ": " + e.getMessage());
            }
            clients.add(c);
        }
        externalLabels = config.global().externalLabels();
        List<RemoteReadClient> old = remotes;
        remotes = List.copyOf(clients);
        close(old);
    }

    private static void close(List<RemoteReadClient> clients) {
        for (RemoteReadClient c : clients) {
            c.close();
        }
    }

    @Override
    public Querier querier(long mintMillis, long maxtMillis) {
        Storage s = storage;
        List<RemoteReadClient> r = remotes;
        if (s == null) {
            throw new StorageException("no Storage is bound (feature:install epimetheus-tsdb)", true);
        }
        if (r.isEmpty()) {
            return s.querier(mintMillis, maxtMillis);
        }
        return new RemoteReadQueryable(s, s.minTime(), r, externalLabels).querier(mintMillis, maxtMillis);
    }
}
