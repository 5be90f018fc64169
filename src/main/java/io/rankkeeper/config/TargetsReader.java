package io.rankkeeper.config;

import io.rankkeeper.config.ConfigReader.LocatedTarget;
import io.rankkeeper.config.YamlNode.Scalar;
import io.rankkeeper.model.ExtractorKind;
import io.rankkeeper.model.Target;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a group's targets from its three sources, in this order: the {@code targets:} list, the
 * {@code urlTemplate:} with {@code ids:}, and the {@code targetsFile:} (through
 * {@link TargetsCsvReader}). Not thread-safe; one per group.
 */
final class TargetsReader {

    static final List<String> TARGET_KEYS = List.of("key", "url", "label", "itemId");
    static final String ID_PLACEHOLDER = "{id}";

    private final Section group;
    private final String groupName;
    private final ExtractorKind kind;
    private final ReadContext context;

    TargetsReader(Section group, String groupName, ExtractorKind kind) {
        this.group = group;
        this.groupName = groupName;
        this.kind = kind;
        this.context = group.context();
    }

    List<LocatedTarget> read() {
        List<LocatedTarget> targets = new ArrayList<>();
        listed(targets);
        templated(targets);
        if (group.has("targetsFile")) {
            targets.addAll(new TargetsCsvReader(group, groupName, kind).read());
        }
        boolean anySource = group.has("targets") || group.has("urlTemplate") || group.has("ids")
                || group.has("targetsFile");
        if (targets.isEmpty() && !anySource) {
            group.context().problems().add(group.mark(), group.path(), "group \"" + groupName + "\" has no targets; "
                    + "add targets: (a list of - url: ... entries), urlTemplate: with ids:, or targetsFile:");
        }
        return targets;
    }

    private void listed(List<LocatedTarget> targets) {
        List<YamlNode> items = group.list("targets", "write each target as \"- url: https://...\"");
        if (items == null) {
            return;
        }
        if (items.isEmpty()) {
            group.report("targets", "is empty; add at least one \"- url: https://...\" entry or remove targets:");
        }
        for (int index = 0; index < items.size(); index++) {
            YamlNode item = items.get(index);
            String path = group.path("targets") + "[" + index + "]";
            if (item instanceof Scalar scalar && scalar.isNull()) {
                context.problems().add(item.mark(), path, "empty entry; write it as \"- url: https://...\" or remove the dash");
                continue;
            }
            if (item instanceof YamlNode.Sequence) {
                context.problems().add(item.mark(), path, "expected a target (url:, key:, label:, itemId:), got a list; "
                        + "write it as \"- url: https://...\"");
                continue;
            }
            if (item instanceof Scalar) {
                // "- https://..." is shorthand for "- url: https://..."
                String text = context.text(item, path);
                if (text != null) {
                    checkItemId(null, item.mark(), path + ".itemId");
                    URI url = url(text, item, path);
                    add(targets, null, url, null, null, context.problems().where(item.mark()), path);
                }
                continue;
            }
            Section target = Section.of(item, item.mark(), path, context, TARGET_KEYS);
            String urlText = target.requiredString("url", TargetKeys.URL_HINT);
            String key = target.string("key");
            String label = target.string("label");
            String itemId = target.string("itemId");
            if (key != null && key.isBlank()) {
                target.report("key", "must not be blank; give a stable key such as amazon.com/0132269937 or leave "
                        + "key: out to derive it from the URL");
                key = null;
            }
            URI url = urlText == null ? null : url(urlText, target.node("url"), target.path("url"));
            checkItemId(itemId, target.markOf("itemId"), target.path("itemId"));
            String where = context.problems().where(target.markOf(key == null ? "url" : "key"));
            add(targets, key, url, blankToNull(label), blankToNull(itemId), where, target.path(key == null ? "url" : "key"));
        }
    }

    private void templated(List<LocatedTarget> targets) {
        boolean hasTemplate = group.has("urlTemplate");
        List<YamlNode> ids = group.list("ids", "write the ids as [\"0132269937\", \"0132356139\"] or as \"- id\" lines");
        if (!hasTemplate) {
            if (ids != null) {
                group.report("ids", "ids: needs a urlTemplate: with {id} in it, such as "
                        + "urlTemplate: \"https://www.amazon.com/dp/{id}\"");
            }
            return;
        }
        String template = group.string("urlTemplate");
        if (template == null) {
            return;
        }
        if (!template.contains(ID_PLACEHOLDER)) {
            group.report("urlTemplate", "\"" + template + "\" has no {id} placeholder; write it like "
                    + "\"https://www.amazon.com/dp/{id}\"");
            return;
        }
        if (ids == null || ids.isEmpty()) {
            group.report(ids == null ? "urlTemplate" : "ids", (ids == null ? "urlTemplate: needs ids:" : "is empty")
                    + "; list the ids to put in place of {id}, such as ids: [\"0132269937\", \"0132356139\"]");
            return;
        }
        for (int index = 0; index < ids.size(); index++) {
            YamlNode node = ids.get(index);
            String path = group.path("ids") + "[" + index + "]";
            if (node instanceof Scalar scalar && scalar.isNull()) {
                context.problems().add(node.mark(), path, "empty id; write each id as a non-empty quoted text such as \"0132269937\"");
                continue;
            }
            String id = context.text(node, path);
            if (id == null) {
                continue;
            }
            id = id.trim();
            if (id.isEmpty() || id.chars().anyMatch(Character::isWhitespace) || id.contains("/")) {
                context.problems().add(node.mark(), path, "\"" + id + "\" is not a usable id; use a non-empty id "
                        + "without spaces or '/', such as \"0132269937\" (quote ids with leading zeros)");
                continue;
            }
            URI url = url(template.replace(ID_PLACEHOLDER, id), node, path);
            String key = url == null ? null : TargetKeys.marketplace(url) + "/" + id;
            add(targets, key, url, null, id, context.problems().where(node.mark()), path);
        }
    }

    private URI url(String text, YamlNode node, String path) {
        try {
            return TargetKeys.url(text);
        } catch (InvalidValue e) {
            context.problems().add(node.mark(), path, e.getMessage());
            return null;
        }
    }

    private void checkItemId(String itemId, YamlNode.Mark mark, String path) {
        if (kind == ExtractorKind.AMAZON_LIST && (itemId == null || itemId.isBlank())) {
            context.problems().add(mark, path, "missing; extractor: amazon-list needs the itemId (the ASIN) to find "
                    + "on the list page, such as itemId: B00EXAMPLE");
        }
    }

    /** Adds the target unless its URL was bad (already reported); derives the key when absent. */
    private void add(List<LocatedTarget> targets, String key, URI url, String label, String itemId, String where,
            String path) {
        if (url == null) {
            return;
        }
        String finalKey = key;
        if (finalKey == null) {
            try {
                finalKey = TargetKeys.derive(url, kind == ExtractorKind.AMAZON_LIST ? itemId : null);
            } catch (InvalidValue e) {
                context.problems().addAt(where, path, e.getMessage());
                return;
            }
        }
        targets.add(new LocatedTarget(new Target(finalKey.trim(), groupName, url, label, itemId), where, path));
    }

    static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
