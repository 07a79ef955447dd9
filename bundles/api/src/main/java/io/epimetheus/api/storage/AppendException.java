package io.epimetheus.api.storage;

/**
 * A single sample rejected by an {@link Appender}. The {@link Reason} says why, so callers can
 * count each kind as Prometheus does ({@code prometheus_target_scrapes_sample_out_of_order_total}
 * and friends) and a remote-write receiver can answer 400 rather than ask for a retry.
 */
public class AppendException extends StorageException {

    private static final long serialVersionUID = 1L;

    /** Why a sample was rejected, with Prometheus's error text. */
    public enum Reason {
        /** Older than the newest sample of its series (and outside any out-of-order window). */
        OUT_OF_ORDER("out of order sample"),
        /** Same timestamp as the newest sample of its series, different value. */
        DUPLICATE("duplicate sample for timestamp"),
        /** Too old for the head block (before its minimum valid time). */
        OUT_OF_BOUNDS("out of bounds"),
        /** Older than the out-of-order window allows. */
        TOO_OLD("too old sample"),
        /** The labels are not acceptable (empty, duplicate names, invalid names or values). */
        INVALID_LABELS("invalid labels"),
        /** An exemplar is out of order or otherwise invalid. */
        INVALID_EXEMPLAR("invalid exemplar");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        /** Prometheus's error text for this reason. */
        public String text() {
            return text;
        }
    }

    private final Reason reason;

    /** A rejection with Prometheus's text for the reason. */
    public AppendException(Reason reason) {
        this(reason, reason.text());
    }

    /** A rejection with a specific message (e.g. naming the series). */
    public AppendException(Reason reason, String message) {
        super(message, false);
        this.reason = reason;
    }

    /**
     * A rejection without a stack trace, for implementations that throw one shared instance per
     * reason on the hot path.
     */
    public static AppendException shared(Reason reason) {
        return new AppendException(reason) {
            private static final long serialVersionUID = 1L;

            @Override
            public synchronized Throwable fillInStackTrace() {
                return this;
            }
        };
    }

    public Reason reason() {
        return reason;
    }
}
