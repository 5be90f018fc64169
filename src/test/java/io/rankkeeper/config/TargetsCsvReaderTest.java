package io.rankkeeper.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.rankkeeper.model.Target;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A targets file's line numbers, and a file of a size that people who track a catalogue have. */
class TargetsCsvReaderTest {

    private static final String GROUP = "groups:\n  - name: books\n    targetsFile: books.csv\n";

    @TempDir
    Path folder;

    @Test
    void eachRecordIsNamedByTheLineItStartsOnPastCommentsBlankLinesAndQuotedLineBreaks() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            StringBuilder text = new StringBuilder("key,url\n");
            for (int line = 0; line < 30; line++) {
                switch (random.nextInt(5)) {
                    case 0 -> text.append("# a comment\n");
                    case 1 -> text.append(random.nextBoolean() ? "\n" : "  \r\n");
                    case 2 -> text.append("k,\"https://a.example/x\ny\"\n");
                    default -> text.append("k,https://a.example/").append(line).append(random.nextBoolean() ? "\r\n" : "\n");
                }
            }
            String csv = text.toString();
            TargetsCsvReader.Lines lines = new TargetsCsvReader.Lines(csv);
            for (int position = 0; position <= csv.length(); position++) {
                assertThat(lines.lineAt(position)).as("position %d of %s", position, csv)
                        .isEqualTo(countedFromTheTop(csv, position));
            }
        }
    }

    @Test
    void aHundredThousandTargetsLoadAndABadRowNearTheEndIsNamedByItsLine() {
        int targets = 100_000;
        StringBuilder csv = new StringBuilder("key,url,label,itemId\n# the shop's catalogue\n");
        for (int index = 0; index < targets; index++) {
            csv.append("b").append(index).append(",https://www.amazon.com/dp/B").append(1_000_000_000L + index)
                    .append(",Book ").append(index).append(",\n");
        }
        ConfigFiles.write(folder, "books.csv", csv.toString());

        RankkeeperConfig config = ConfigFiles.load(ConfigFiles.write(folder, "rankkeeper.yml", GROUP));

        assertThat(config.allTargets()).hasSize(targets);
        assertThat(config.allTargets().get(targets - 1)).extracting(Target::key, Target::label)
                .containsExactly("b99999", "Book 99999");

        // the last row loses its url: line 1 is the header, 2 the comment, 3 the first target
        ConfigFiles.write(folder, "books.csv", csv.toString().replace("b99999,https://www.amazon.com/dp/B1000099999,",
                "b99999,,"));
        ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> ConfigFiles.load(folder.resolve("rankkeeper.yml")));

        assertThat(error.getMessage()).contains(folder.resolve("books.csv") + ":" + (targets + 2) + ":")
                .contains("column url is empty");
    }

    /**
     * The number of the line holding the next text at or after {@code position} that is not blank
     * and not a comment, found by walking the lines one by one.
     */
    private static int countedFromTheTop(String csv, int position) {
        String[] lines = csv.split("\n", -1);
        int lineStart = 0;
        for (int number = 1; number <= lines.length; number++) {
            String line = lines[number - 1];
            int lineEnd = lineStart + line.length();
            if (lineEnd >= position) {
                String rest = line.substring(Math.max(0, position - lineStart)).strip();
                if (!rest.isEmpty() && !rest.startsWith("#")) {
                    return number;
                }
            }
            lineStart = lineEnd + 1;
        }
        return lines.length;
    }
}
