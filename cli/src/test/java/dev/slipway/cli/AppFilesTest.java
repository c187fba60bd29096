package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files of convex/ are modules, and what codegen writes for them. */
class AppFilesTest {
    @TempDir
    Path dir;

    private App appWith(String... files) {
        for (String file : files) {
            TestApps.write(dir.resolve("convex").resolve(file), "export const x = 1;\n");
        }
        return App.at(dir);
    }

    @Test
    void modules_followTheConvexRules() {
        App app = appWith(
                "messages.ts",
                "admin/stats.js",
                "http.ts",
                "crons.ts",
                "schema.ts",
                "auth.config.ts",
                "types.d.ts",
                "messages.test.ts",
                ".hidden.ts",
                "#backup.ts",
                "with space.ts",
                "README.md",
                "_generated/api.js",
                "component/convex.config.ts",
                "component/inner.ts");
        TestApps.write(dir.resolve("convex/empty.ts"), "// no import or export here\nconst a = 1;\n");

        assertThat(app.apiModules()).containsExactly("admin/stats.js", "crons.ts", "http.ts", "messages.ts");
        assertThat(app.pushedFiles())
                .containsExactly("admin/stats.js", "crons.ts", "http.ts", "messages.ts", "schema.ts", "auth.config.ts");
        assertThat(App.modulePath("admin/stats.ts")).isEqualTo("admin/stats.js");
        assertThat(App.modulePath("auth.config.ts")).isEqualTo("auth.config.js");
    }

    @Test
    void convexJson_movesTheFunctionsDirectory() {
        TestApps.write(dir.resolve("convex.json"), "{\"functions\": \"src/backend\"}");
        TestApps.write(dir.resolve("src/backend/tasks.js"), "export const x = 1;\n");

        App app = App.at(dir);

        assertThat(app.functionsName()).isEqualTo("src/backend");
        assertThat(app.apiModules()).containsExactly("tasks.js");
    }

    @Test
    void twoSchemaFiles_areAnError() {
        App app = appWith("schema.ts", "schema.js");

        assertThatThrownBy(app::pushedFiles).hasMessageContaining("both convex/schema.ts and convex/schema.js exist");
    }

    @Test
    void noFunctionsDirectory_saysSo() {
        assertThatThrownBy(() -> App.at(dir).apiModules())
                .hasMessageContaining("no functions directory " + dir.resolve("convex"))
                .hasMessageContaining("slipway init");
    }

    @Test
    void missingNodeModules_saysRunNpmInstall() {
        App app = appWith("tasks.ts");

        assertThatThrownBy(app::requireInstalledPackages).hasMessageContaining("run npm install in " + dir);
        TestApps.write(dir.resolve("node_modules/other/package.json"), "{}");
        assertThatThrownBy(app::requireInstalledPackages)
                .hasMessageContaining("the convex package is not installed")
                .hasMessageContaining("run npm install in " + dir);
    }

    @Test
    void codegen_writesTheFiveFiles_withOneImportPerModule_andOnlyWhenChanged() {
        App app = appWith("messages.ts", "admin/stats.ts", "delete.ts", "api.ts", "my-module.ts", "schema.ts");

        List<String> written = Codegen.write(app);

        assertThat(written)
                .containsExactly(
                        "convex/_generated/dataModel.d.ts",
                        "convex/_generated/server.js",
                        "convex/_generated/server.d.ts",
                        "convex/_generated/api.js",
                        "convex/_generated/api.d.ts");
        String apiDts = TestApps.read(dir.resolve("convex/_generated/api.d.ts"));
        assertThat(apiDts)
                .contains("import type * as admin_stats from \"../admin/stats.js\";")
                .contains("import type * as delete_ from \"../delete.js\";")
                .contains("import type * as api_ from \"../api.js\";")
                .contains("import type * as my_module from \"../my-module.js\";")
                .contains("\"admin/stats\": typeof admin_stats;")
                .contains("export declare const api: FilterApi<typeof fullApi, FunctionReference<any, \"public\">>;")
                .doesNotContain("schema");
        assertThat(TestApps.read(dir.resolve("convex/_generated/dataModel.d.ts")))
                .contains("import schema from \"../schema.js\";");
        assertThat(TestApps.read(dir.resolve("convex/_generated/server.js")))
                .contains("export const query = queryGeneric;")
                .contains("export const env = process.env;");
        assertThat(Codegen.write(app)).isEmpty();
    }

    @Test
    void codegen_withoutSchema_typesDocumentsLoosely() {
        App app = appWith("tasks.js");

        Codegen.write(app);

        assertThat(TestApps.read(dir.resolve("convex/_generated/dataModel.d.ts")))
                .contains("export type DataModel = AnyDataModel;")
                .doesNotContain("../schema.js");
    }

    @Test
    void envFile_updateKeepsOtherLines() {
        Path file = dir.resolve(".env.local");
        TestApps.write(file, "# mine\nVITE_X=1\nSLIPWAY_URL=old\n");

        EnvFile.update(file, java.util.Map.of("SLIPWAY_URL", "new", "SLIPWAY_DEPLOYMENT", "default"));

        assertThat(TestApps.read(file)).isEqualTo("# mine\nVITE_X=1\nSLIPWAY_URL=new\nSLIPWAY_DEPLOYMENT=default\n");
    }

    @Test
    void functionNames_areCanonicalized() {
        assertThat(FunctionPaths.canonical("messages:list")).isEqualTo("messages:list");
        assertThat(FunctionPaths.canonical("messages.js:list")).isEqualTo("messages:list");
        assertThat(FunctionPaths.canonical("convex/admin/stats.ts:summary")).isEqualTo("admin/stats:summary");
        assertThat(FunctionPaths.canonical("messages")).isEqualTo("messages:default");
        assertThatThrownBy(() -> FunctionPaths.canonical(":list")).hasMessageContaining("is not a function name");
        assertThatThrownBy(() -> FunctionPaths.canonical("a:b-c")).hasMessageContaining("not a JavaScript identifier");
    }

    @Test
    void values_areShownAsPlainJson() {
        assertThat(FunctionPaths.display(Json.parse("{\"n\": {\"$integer\": \"AQAAAAAAAAA=\"}, \"f\": 1.5}")))
                .isEqualTo("{\n  \"f\": 1.5,\n  \"n\": \"1\"\n}");
        assertThat(FunctionPaths.args("{\"b\": 2, \"a\": [true, null]}")).isEqualTo("{\"a\":[true,null],\"b\":2}");
        assertThat(FunctionPaths.args("{body: 'hi', n: {\"$integer\": \"AQAAAAAAAAA=\"},}"))
                .isEqualTo("{\"body\":\"hi\",\"n\":{\"$integer\":\"AQAAAAAAAAA=\"}}");
        assertThatThrownBy(() -> FunctionPaths.args("{\"$bad\": 1}"))
                .hasMessageContaining("ARGS_JSON is not a valid Convex value");
    }
}
