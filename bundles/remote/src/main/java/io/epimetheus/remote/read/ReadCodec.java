package io.epimetheus.remote.read;

import io.epimetheus.api.model.MatchType;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.regex.RegexSyntaxException;
import io.epimetheus.api.storage.SelectHints;
import io.epimetheus.remote.codec.ProtoException;
import io.epimetheus.remote.codec.ProtoReader;
import io.epimetheus.remote.codec.ProtoWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes {@code prometheus.ReadRequest}: queries (start, end, matchers, hints) and the
 * accepted response types. Requests are small, so this builds plain objects.
 */
public final class ReadCodec {

    private ReadCodec() {
    }

    /**
     * Decodes a request.
     *
     * @throws ProtoException if it is malformed or a matcher is invalid
     */
    public static ReadRequest decode(byte[] b, int off, int len) {
        ProtoReader r = new ProtoReader().reset(b, off, len);
        List<ReadQuery> queries = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        int tag;
        while ((tag = r.readTag()) != 0) {
            switch (tag >>> 3) {
                case 1 -> {
                    int old = r.enterMessage(tag);
                    queries.add(query(r));
                    r.popLimit(old);
                }
                case 2 -> {
                    if ((tag & 7) == ProtoReader.LEN) {
                        int old = r.pushLimit(r.readLength());
                        while (r.hasRemaining()) {
                            types.add(r.readVarint32());
                        }
                        r.popLimit(old);
                    } else {
                        r.expect(tag, ProtoReader.VARINT);
                        types.add(r.readVarint32());
                    }
                }
                default -> r.skip(tag & 7);
            }
        }
        return new ReadRequest(queries, types);
    }

    private static ReadQuery query(ProtoReader r) {
        long start = 0;
        long end = 0;
        List<Matcher> matchers = new ArrayList<>();
        SelectHints hints = null;
        int tag;
        while ((tag = r.readTag()) != 0) {
            switch (tag >>> 3) {
                case 1 -> start = r.readVarint64();
                case 2 -> end = r.readVarint64();
                case 3 -> {
                    int old = r.enterMessage(tag);
                    matchers.add(matcher(r));
                    r.popLimit(old);
                }
                case 4 -> {
                    int old = r.enterMessage(tag);
                    hints = hints(r);
                    r.popLimit(old);
                }
                default -> r.skip(tag & 7);
            }
        }
        return new ReadQuery(start, end, matchers, hints);
    }

    private static Matcher matcher(ProtoReader r) {
        int type = 0;
        String name = "";
        String value = "";
        int tag;
        while ((tag = r.readTag()) != 0) {
            switch (tag >>> 3) {
                case 1 -> type = r.readVarint32();
                case 2 -> name = r.readString();
                case 3 -> value = r.readString();
                default -> r.skip(tag & 7);
            }
        }
        MatchType mt = switch (type) {
            case 0 -> MatchType.EQUAL;
            case 1 -> MatchType.NOT_EQUAL;
            case 2 -> MatchType.REGEX;
            case 3 -> MatchType.NOT_REGEX;
            default -> throw new ProtoException("invalid matcher type " + type + " for label " + name);
        };
        try {
            return Matcher.of(mt, name, value);
        } catch (RegexSyntaxException e) {
            throw new ProtoException("invalid regular expression in matcher " + name + mt.operator() + "\"" + value
                    + "\": " + e.getMessage());
        }
    }

    private static SelectHints hints(ProtoReader r) {
        long step = 0;
        String func = null;
        long start = 0;
        long end = 0;
        List<String> grouping = new ArrayList<>();
        boolean by = false;
        long range = 0;
        int tag;
        while ((tag = r.readTag()) != 0) {
            switch (tag >>> 3) {
                case 1 -> step = r.readVarint64();
                case 2 -> func = r.readString();
                case 3 -> start = r.readVarint64();
                case 4 -> end = r.readVarint64();
                case 5 -> grouping.add(r.readString());
                case 6 -> by = r.readVarint64() != 0;
                case 7 -> range = r.readVarint64();
                default -> r.skip(tag & 7);
            }
        }
        return new SelectHints(start, end, step, func, range, grouping.isEmpty() ? null : grouping, by, 0);
    }

    /** Encodes a request. */
    public static byte[] encode(ReadRequest req) {
        ProtoWriter out = new ProtoWriter(256);
        ProtoWriter q = new ProtoWriter(256);
        for (ReadQuery query : req.queries()) {
            q.reset();
            q.varintField(1, query.startMillis());
            q.varintField(2, query.endMillis());
            for (Matcher m : query.matchers()) {
                int type = switch (m.type()) {
                    case EQUAL -> 0;
                    case NOT_EQUAL -> 1;
                    case REGEX -> 2;
                    case NOT_REGEX -> 3;
                };
                int size = ProtoWriter.varintFieldSize(1, type) + ProtoWriter.stringFieldSize(2, m.name())
                        + ProtoWriter.stringFieldSize(3, m.value());
                q.messageField(3, size);
                q.varintField(1, type);
                q.stringField(2, m.name());
                q.stringField(3, m.value());
            }
            SelectHints h = query.hints();
            if (h != null) {
                ProtoWriter hw = new ProtoWriter(64);
                hw.varintField(1, h.step());
                if (h.func() != null) {
                    hw.stringField(2, h.func());
                }
                hw.varintField(3, h.start());
                hw.varintField(4, h.end());
                if (h.grouping() != null) {
                    for (String g : h.grouping()) {
                        hw.stringField(5, g);
                    }
                }
                hw.varintField(6, h.by() ? 1 : 0);
                hw.varintField(7, h.range());
                q.messageField(4, hw.size());
                q.raw(hw.buffer(), 0, hw.size());
            }
            out.messageField(1, q.size());
            out.raw(q.buffer(), 0, q.size());
        }
        for (int t : req.acceptedResponseTypes()) {
            out.tag(2, ProtoReader.VARINT);
            out.varint(t);
        }
        return out.toByteArray();
    }
}
