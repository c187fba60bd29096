package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.server.ServerConfig;
import dev.slipway.server.SlipwayServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway data}, {@code import} and {@code export} as a user types them, against a real server
 * with two deployments: files in every format, a corrupt file, a snapshot carried from one deployment
 * to the other, and the errors a user meets (unknown table, no server, bad arguments).
 */
class DataCommandsTest {
    @TempDir
    static Path serverData;

    @TempDir
    Path work;

    private static SlipwayServer server;
    private static int deployments;

    @BeforeAll
    static void start() {
        server = SlipwayServer.start(ServerConfig.builder()
                .port(0)
                .dataDir(serverData)
                .prewarm(false)
                .jsThreads(1)
                .build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A runner in the test's directory targeting a new, empty deployment. */
    private CliRunner fresh() {
        deployments++;
        String name = "cli-data-" + deployments;
        server.createDeployment(name);
        return CliRunner.in(work)
                .env(DeploymentTarget.URL_VAR, server.deploymentUrl(name))
                .env(DeploymentTarget.ADMIN_KEY_VAR, server.adminKey(name));
    }

    private Path write(String name, String content) throws Exception {
        Path file = work.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void importCsv_thenData_listsTheTableAndPrintsItsDocuments() throws Exception {
        CliRunner cli = fresh();
        write("people.csv", "name,age\nann,31\nbo,27\ncy,45\n");
        CliRunner.Result imported = cli.run("import", "people.csv", "--table", "people");
        assertThat(imported.exit()).as(imported.toString()).isZero();
        assertThat(imported.out()).isEqualTo("Imported 3 documents into people\n");
        assertThat(imported.err())
                .contains("Importing people.csv (28 bytes, csv) into table people of deployment cli-data-")
                .contains("Uploading people.csv: 100% (28 bytes of 28 bytes)");

        CliRunner.Result tables = cli.run("data");
        assertThat(tables.exit()).as(tables.toString()).isZero();
        assertThat(tables.out()).isEqualTo("TABLE   DOCUMENTS\npeople  3\n");

        CliRunner.Result oldest = cli.run("data", "people", "--order", "asc", "--limit", "2");
        assertThat(oldest.exit()).as(oldest.toString()).isZero();
        assertThat(oldest.out().lines().toList()).hasSize(2);
        assertThat(oldest.out().lines().findFirst().orElseThrow()).endsWith("\"age\":31.0,\"name\":\"ann\"}");
        assertThat(oldest.err()).contains("the 2 oldest documents of people; there are more");

        CliRunner.Result newest = cli.run("data", "people");
        assertThat(newest.out().lines().findFirst().orElseThrow()).endsWith("\"name\":\"cy\"}");
    }

    @Test
    void importCorruptFile_failsNamingTheFileAndLine_andImportsNothing() throws Exception {
        CliRunner cli = fresh();
        write("people.csv", "name,age\nann,31\nbo\n");
        CliRunner.Result result = cli.run("import", "people.csv", "--table", "people");
        assertThat(result.exit()).as(result.toString()).isEqualTo(1);
        assertThat(result.err())
                .contains("error: people.csv line 3: the row has 1 field but the header has 2 (nothing was imported)");
        write("rows.jsonl", "{\"a\":1}\n{\"a\":\n");
        CliRunner.Result json = cli.run("import", "rows.jsonl", "--table", "rows");
        assertThat(json.exit()).isEqualTo(1);
        assertThat(json.err()).contains("error: rows.jsonl line 2: not valid JSON");
        assertThat(cli.run("data").err()).contains("has no tables yet");
    }

    @Test
    void exportThenImport_carriesEveryTableToAnotherDeployment_withItsIds() throws Exception {
        CliRunner source = fresh();
        write("a.jsonl", "{\"x\":1}\n{\"x\":2}\n");
        write("b.json", "[{\"y\":\"z\"}]");
        assertThat(source.run("import", "a.jsonl", "--table", "a").exit()).isZero();
        assertThat(source.run("import", "b.json", "--table", "b").exit()).isZero();

        CliRunner.Result exported = source.run("export", "--path", "backup.zip");
        assertThat(exported.exit()).as(exported.toString()).isZero();
        assertThat(exported.out())
                .startsWith("Exported 2 tables (a, b), ")
                .endsWith(" to " + work.resolve("backup.zip") + "\n");
        assertThat(work.resolve("backup.zip")).exists();
        assertThat(work.resolve("backup.zip.partial")).doesNotExist();

        CliRunner target = fresh();
        CliRunner.Result imported = target.run("import", "backup.zip");
        assertThat(imported.exit()).as(imported.toString()).isZero();
        assertThat(imported.out()).isEqualTo("Imported 2 documents into a\nImported 1 documents into b\n");
        assertThat(target.run("data", "a", "--order", "asc").out())
                .isEqualTo(source.run("data", "a", "--order", "asc").out());

        // into a deployment that has them already: refused unless --replace
        CliRunner.Result again = target.run("import", "backup.zip");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("Table a already has documents").contains("(TableNotEmpty)");
        CliRunner.Result replaced = target.run("import", "backup.zip", "--replace");
        assertThat(replaced.exit()).as(replaced.toString()).isZero();
        assertThat(target.run("data").out()).isEqualTo("TABLE  DOCUMENTS\na      2\nb      1\n");

        assertThat(source.run("export", "--path", "backup.zip").err()).contains("already exists");
        CliRunner.Result intoDir = source.run("export", "--path", ".");
        assertThat(intoDir.exit()).as(intoDir.toString()).isZero();
        try (var files = Files.list(work)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.matches("snapshot_cli-data-\\d+_\\d+\\.zip"));
        }
    }

    @Test
    void appendMode_addsToTheTable() throws Exception {
        CliRunner cli = fresh();
        write("one.jsonl", "{\"n\":1}\n");
        assertThat(cli.run("import", "one.jsonl", "--table", "t").exit()).isZero();
        CliRunner.Result appended = cli.run("import", "one.jsonl", "--table", "t", "--append");
        assertThat(appended.exit()).as(appended.toString()).isZero();
        assertThat(appended.err()).contains("(append)");
        assertThat(cli.run("data").out()).contains("t      2");
    }

    @Test
    void userErrors_areExplainedWithTheirExitCodes() throws Exception {
        CliRunner cli = fresh();
        CliRunner.Result unknown = cli.run("data", "nope");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("error: Deployment cli-data-").contains("has no table nope");

        CliRunner.Result noFile = cli.run("import", "missing.csv", "--table", "t");
        assertThat(noFile.exit()).isEqualTo(2);
        assertThat(noFile.err()).contains("there is no file at " + work.resolve("missing.csv"));

        write("data.txt", "x");
        assertThat(cli.run("import", "data.txt", "--table", "t").err()).contains("cannot tell the format of data.txt");
        write("p.csv", "a\n1\n");
        CliRunner.Result noTable = cli.run("import", "p.csv");
        assertThat(noTable.exit()).isEqualTo(2);
        assertThat(noTable.err()).contains("needs --table TABLE");
        CliRunner.Result bothModes = cli.run("import", "p.csv", "--table", "t", "--replace", "--append");
        assertThat(bothModes.exit()).isEqualTo(2);
        assertThat(cli.run("data", "t", "--limit", "0").err()).contains("--limit must be from 1 to 1000");

        CliRunner down = CliRunner.in(work)
                .env(DeploymentTarget.URL_VAR, TestServer.deadUrl())
                .env(DeploymentTarget.ADMIN_KEY_VAR, "x");
        CliRunner.Result noServer = down.run("import", "p.csv", "--table", "t");
        assertThat(noServer.exit()).isEqualTo(3);
        assertThat(noServer.err()).contains("no Slipway server at");
        assertThat(down.run("export", "--path", "out.zip").exit()).isEqualTo(3);
        assertThat(work.resolve("out.zip")).doesNotExist();
        assertThat(work.resolve("out.zip.partial")).doesNotExist();
    }
}
