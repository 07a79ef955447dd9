package io.epimetheus.exporters.node;

import java.io.IOException;

/** The data a collector reads does not exist here (e.g. no PSI before Linux 4.20). */
final class NoDataException extends IOException {

    private static final long serialVersionUID = 1L;

    NoDataException(String message) {
        super(message);
    }
}
