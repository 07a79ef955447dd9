package io.epimetheus.remote.write;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Descriptors.Descriptor;

/**
 * The remote-write 1.0 and 2.0 messages as protobuf-java descriptors, built in code from the
 * published field numbers, so tests can cross-check the hand-written codec against protobuf-java's
 * own parser and serializer ({@code DynamicMessage}) without generated classes.
 */
public final class PrompbSchema {

    public static final Descriptor WRITE_REQUEST;
    public static final Descriptor TIME_SERIES;
    public static final Descriptor LABEL;
    public static final Descriptor SAMPLE;
    public static final Descriptor METADATA;
    public static final Descriptor V2_REQUEST;
    public static final Descriptor V2_TIME_SERIES;
    public static final Descriptor V2_SAMPLE;

    static {
        FileDescriptorProto v1 = FileDescriptorProto.newBuilder().setName("prompb.proto").setPackage("prometheus")
                .setSyntax("proto3")
                .addMessageType(msg("Label", field("name", 1, Type.TYPE_STRING, false),
                        field("value", 2, Type.TYPE_STRING, false)))
                .addMessageType(msg("Sample", field("value", 1, Type.TYPE_DOUBLE, false),
                        field("timestamp", 2, Type.TYPE_INT64, false)))
                .addMessageType(msg("Exemplar", ref("labels", 1, ".prometheus.Label", true),
                        field("value", 2, Type.TYPE_DOUBLE, false), field("timestamp", 3, Type.TYPE_INT64, false)))
                .addMessageType(msg("TimeSeries", ref("labels", 1, ".prometheus.Label", true),
                        ref("samples", 2, ".prometheus.Sample", true),
                        ref("exemplars", 3, ".prometheus.Exemplar", true)))
                .addMessageType(msg("MetricMetadata", field("type", 1, Type.TYPE_INT32, false),
                        field("metric_family_name", 2, Type.TYPE_STRING, false),
                        field("help", 4, Type.TYPE_STRING, false), field("unit", 5, Type.TYPE_STRING, false)))
                .addMessageType(msg("WriteRequest", ref("timeseries", 1, ".prometheus.TimeSeries", true),
                        ref("metadata", 3, ".prometheus.MetricMetadata", true)))
                .build();
        FileDescriptorProto v2 = FileDescriptorProto.newBuilder().setName("v2.proto")
                .setPackage("io.prometheus.write.v2").setSyntax("proto3")
                .addMessageType(msg("Sample", field("value", 1, Type.TYPE_DOUBLE, false),
                        field("timestamp", 2, Type.TYPE_INT64, false)))
                .addMessageType(msg("TimeSeries", field("labels_refs", 1, Type.TYPE_UINT32, true),
                        ref("samples", 2, ".io.prometheus.write.v2.Sample", true)))
                .addMessageType(msg("Request", field("symbols", 4, Type.TYPE_STRING, true),
                        ref("timeseries", 5, ".io.prometheus.write.v2.TimeSeries", true)))
                .build();
        try {
            Descriptors.FileDescriptor f1 = Descriptors.FileDescriptor.buildFrom(v1, new Descriptors.FileDescriptor[0]);
            Descriptors.FileDescriptor f2 = Descriptors.FileDescriptor.buildFrom(v2, new Descriptors.FileDescriptor[0]);
            WRITE_REQUEST = f1.findMessageTypeByName("WriteRequest");
            TIME_SERIES = f1.findMessageTypeByName("TimeSeries");
            LABEL = f1.findMessageTypeByName("Label");
            SAMPLE = f1.findMessageTypeByName("Sample");
            METADATA = f1.findMessageTypeByName("MetricMetadata");
            V2_REQUEST = f2.findMessageTypeByName("Request");
            V2_TIME_SERIES = f2.findMessageTypeByName("TimeSeries");
            V2_SAMPLE = f2.findMessageTypeByName("Sample");
        } catch (Descriptors.DescriptorValidationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private PrompbSchema() {
    }

    private static DescriptorProto msg(String name, FieldDescriptorProto... fields) {
        DescriptorProto.Builder b = DescriptorProto.newBuilder().setName(name);
        for (FieldDescriptorProto f : fields) {
            b.addField(f);
        }
        return b.build();
    }

    private static FieldDescriptorProto field(String name, int number, Type type, boolean repeated) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
                .setLabel(repeated ? Label.LABEL_REPEATED : Label.LABEL_OPTIONAL).build();
    }

    private static FieldDescriptorProto ref(String name, int number, String typeName, boolean repeated) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(Type.TYPE_MESSAGE)
                .setTypeName(typeName).setLabel(repeated ? Label.LABEL_REPEATED : Label.LABEL_OPTIONAL).build();
    }
}
