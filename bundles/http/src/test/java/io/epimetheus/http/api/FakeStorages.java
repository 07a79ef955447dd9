package io.epimetheus.http.api;

import io.epimetheus.api.storage.Storage;

/** Gives tests in other packages the in-memory storage. */
public final class FakeStorages {

    private FakeStorages() {
    }

    public static Storage create() {
        return new FakeStorage();
    }
}
