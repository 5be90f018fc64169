package io.rankkeeper.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvOutputTest {

    @TempDir
    Path dir;

    @Test
    void fileAppearsOnlyOnCommitWithRfc4180Quoting() throws Exception {
        Path target = dir.resolve("ranks.csv");
        try (CsvOutput output = CsvOutput.toFile(target, List.of("a", "b"))) {
            output.row(Arrays.asList("x, \"y\"", null));
            output.row(List.of("line\nbreak", 3));
            assertThat(target).doesNotExist();
            assertThat(dir).isDirectoryContaining(path -> path.getFileName().toString().endsWith(".partial"));
            output.commit();
            assertThat(output.rows()).isEqualTo(2);
        }
        assertThat(Files.readString(target)).isEqualTo("a,b\r\n\"x, \"\"y\"\"\",\r\n\"line\nbreak\",3\r\n");
        assertThat(dir).isDirectoryNotContaining(path -> path.getFileName().toString().endsWith(".partial"));
    }

    @Test
    void closingWithoutCommitLeavesNoFileAndKeepsAnOlderOne() throws Exception {
        Path target = dir.resolve("ranks.csv");
        try (CsvOutput output = CsvOutput.toFile(target, List.of("a"))) {
            output.row(List.of("half"));
        }
        assertThat(dir).isEmptyDirectory();
        Files.writeString(target, "old");
        try (CsvOutput output = CsvOutput.toFile(target, List.of("a"))) {
            output.row(List.of("half"));
        }
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(Files.list(dir)).hasSize(1);
    }

    @Test
    void gzipWhenTheNameEndsInGz() throws Exception {
        Path target = dir.resolve("ranks.csv.gz");
        try (CsvOutput output = CsvOutput.toFile(target, List.of("a"))) {
            output.row(List.of("1"));
            output.commit();
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(target))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("a\r\n1\r\n");
        }
    }

    @Test
    void writerIsFlushedButNotClosed() {
        StringWriter writer = new StringWriter();
        try (CsvOutput output = CsvOutput.toWriter(writer, List.of("a"))) {
            output.row(List.of("1"));
            output.commit();
        }
        writer.write("still open");
        assertThat(writer.toString()).isEqualTo("a\r\n1\r\nstill open");
    }
}
