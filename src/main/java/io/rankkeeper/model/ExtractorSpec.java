package io.rankkeeper.model;

import java.util.Objects;

/**
 * Which extractor a group uses and, for {@link ExtractorKind#CSS}, how it reads the number.
 *
 * @param kind the extractor
 * @param selector CSS selector of the element holding the rank (css only, else null)
 * @param regex a regular expression with one capturing group around the number, or null to
 *     take the first number in the element's text (css only)
 * @param groupingSeparators characters that group digits and are dropped before parsing, such
 *     as {@code ",."} (css only; null means {@code ",. '\u00a0"})
 * @param category the category name stored for the rank (css only; null means the group name)
 */
public record ExtractorSpec(
        ExtractorKind kind, String selector, String regex, String groupingSeparators, String category) {

    public static final String DEFAULT_GROUPING_SEPARATORS = ",. '\u00a0\u202f";

    public ExtractorSpec {
        Objects.requireNonNull(kind, "kind");
        if (kind == ExtractorKind.CSS && (selector == null || selector.isBlank())) {
            throw new IllegalArgumentException("the css extractor needs a selector");
        }
        if (groupingSeparators == null) {
            groupingSeparators = DEFAULT_GROUPING_SEPARATORS;
        }
    }

    public static ExtractorSpec of(ExtractorKind kind) {
        return new ExtractorSpec(kind, null, null, null, null);
    }
}
