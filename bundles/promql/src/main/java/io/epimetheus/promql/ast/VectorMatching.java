package io.epimetheus.promql.ast;

import java.util.List;

/** How the two sides of a binary operation between instant vectors are matched. */
public final class VectorMatching {

    /** The cardinality of the match. */
    public enum Card {
        ONE_TO_ONE("one-to-one"), MANY_TO_ONE("many-to-one"), ONE_TO_MANY("one-to-many"), MANY_TO_MANY("many-to-many");

        private final String text;

        Card(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    public Card card = Card.ONE_TO_ONE;
    /** The labels of {@code on(...)} or {@code ignoring(...)}. */
    public List<String> matchingLabels = List.of();
    /** Whether {@link #matchingLabels} is an {@code on} list (else {@code ignoring}). */
    public boolean on;
    /** The extra labels of {@code group_left(...)} or {@code group_right(...)}. */
    public List<String> include = List.of();
    /** {@code fill_left} value for missing left-hand samples, or null. */
    public Double fillLhs;
    /** {@code fill_right} value for missing right-hand samples, or null. */
    public Double fillRhs;
}
