package io.epimetheus.remote.write;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import java.util.ArrayList;
import java.util.List;

/** Collects what a decoder delivers, as text lines, for assertions. */
class RecordingVisitor implements WriteVisitor {

    final List<String> events = new ArrayList<>();
    private Labels current;

    @Override
    public void series(Labels labels) {
        current = labels;
    }

    @Override
    public void invalidSeries(String problem, int samples) {
        events.add("invalid " + samples + " " + problem);
    }

    @Override
    public void sample(long t, double v) {
        events.add(current + " " + t + " " + v);
    }

    @Override
    public void exemplar(Labels labels, double value, long t) {
        events.add("exemplar " + current + " " + labels + " " + value + " " + t);
    }

    @Override
    public void histogram(long t) {
        events.add("histogram " + current + " " + t);
    }

    @Override
    public void metadata(String family, MetricType type, String help, String unit) {
        events.add("metadata " + family + " " + type + " " + help + " " + unit);
    }

    @Override
    public void endSeries() {
        current = null;
    }
}
