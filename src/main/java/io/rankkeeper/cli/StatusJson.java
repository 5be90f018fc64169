package io.rankkeeper.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.rankkeeper.model.Outcome;
import io.rankkeeper.store.ClusterNode;
import io.rankkeeper.store.RunSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** {@code status --format json}: the same facts as the table, as one JSON object with ISO-8601 UTC times. */
final class StatusJson {

    private static final JsonFactory JSON = new JsonFactory();

    private StatusJson() {
    }

    static void print(PrintWriter out, StatusCommand.Snapshot snapshot) {
        try {
            JsonGenerator json = JSON.createGenerator(out);
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("now", snapshot.now().toString());
            json.writeStringField("daemon", snapshot.daemon().name());
            json.writeArrayFieldStart("groups");
            for (StatusCommand.GroupStatus group : snapshot.groups()) {
                json.writeStartObject();
                json.writeStringField("name", group.name());
                json.writeBooleanField("in_config", group.inConfig());
                json.writeStringField("schedule", group.schedule());
                json.writeStringField("time_zone", group.timeZone());
                json.writeStringField("catch_up", group.catchUp());
                json.writeNumberField("shards", group.shards());
                json.writeStringField("next_fire", group.nextFire() == null ? null : group.nextFire().toString());
                json.writeArrayFieldStart("last_runs");
                for (RunSummary run : group.lastRuns()) {
                    writeRun(json, run);
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            if (snapshot.clustered()) {
                json.writeArrayFieldStart("nodes");
                for (ClusterNode node : snapshot.nodes()) {
                    json.writeStartObject();
                    json.writeStringField("node", node.nodeId());
                    json.writeStringField("last_checkin", node.lastCheckin().toString());
                    json.writeNumberField("checkin_interval_ms", node.checkinInterval().toMillis());
                    json.writeBooleanField("alive", node.aliveAt(snapshot.now()));
                    json.writeNumberField("runs_last_hour", node.recentRuns());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeArrayFieldStart("hosts_in_backoff");
            for (Map.Entry<String, Instant> backoff : snapshot.hostBackoffs().entrySet()) {
                json.writeStartObject();
                json.writeStringField("host", backoff.getKey());
                json.writeStringField("until", backoff.getValue().toString());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("troubled_runs");
            for (RunSummary run : snapshot.troubledRuns()) {
                writeRun(json, run);
            }
            json.writeEndArray();
            json.writeEndObject();
            json.flush();
            out.println();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeRun(JsonGenerator json, RunSummary run) throws IOException {
        json.writeStartObject();
        json.writeNumberField("id", run.id());
        json.writeStringField("group", run.groupName());
        json.writeNumberField("shard", run.shard());
        json.writeStringField("reason", run.reason().name());
        json.writeStringField("status", run.status().name());
        json.writeStringField("node", run.node());
        json.writeStringField("scheduled_at", run.scheduledAt().toString());
        json.writeStringField("started_at", run.startedAt().toString());
        json.writeStringField("ended_at", run.endedAt() == null ? null : run.endedAt().toString());
        json.writeFieldName("duration_ms");
        RecordOutput.writeJsonValue(json,
                run.endedAt() == null ? null : Duration.between(run.startedAt(), run.endedAt()).toMillis());
        json.writeNumberField("target_count", run.targetCount());
        json.writeNumberField("attempted", run.attempted());
        json.writeObjectFieldStart("counts");
        for (Outcome outcome : Outcome.values()) {
            json.writeNumberField(outcome.name(), run.counts().getOrDefault(outcome, 0));
        }
        json.writeEndObject();
        json.writeStringField("detail", run.detail());
        json.writeEndObject();
    }
}
