package dev.slipway.integration;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of docs/ARCHITECTURE.md, checked on the compiled main code of every module. The
 * Maven enforcer guards the declared dependencies; these rules guard what the code actually touches.
 */
class ArchitectureTest {

    /** Every module's root package below {@code dev.slipway}. */
    private static final String[] MODULES = {
        "value",
        "schema",
        "persistence",
        "persistence.sqlite",
        "persistence.postgres",
        "database",
        "isolate",
        "application",
        "sync",
        "control",
        "server",
        "cli"
    };

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // test-jars (the persistence and database suites) are test code too
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.slipway");
    }

    @Test
    void everyModuleHasMainClasses() {
        for (String module : MODULES) {
            String pkg = "dev.slipway." + module;
            assertThat(main.stream().anyMatch(c -> c.getPackageName().equals(pkg)))
                    .as("classes in %s were imported", pkg)
                    .isTrue();
        }
    }

    @Test
    void jdbc_onlyInPersistenceBackends() {
        noClasses()
                .that()
                .resideOutsideOfPackages("dev.slipway.persistence.sqlite..", "dev.slipway.persistence.postgres..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "javax.sql..", "org.sqlite..", "org.postgresql..", "com.zaxxer..")
                .check(main);
    }

    @Test
    void picocli_onlyInCli() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.slipway.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("picocli..")
                .check(main);
    }

    @Test
    void graalvm_onlyInIsolate() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.slipway.isolate..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.graalvm..")
                .check(main);
    }

    @Test
    void backends_dependOnlyOnTheSpiAndValues() {
        slices().matching("dev.slipway.persistence.(*)..")
                .should()
                .notDependOnEachOther()
                .check(main);
        noClasses()
                .that()
                .resideInAPackage("dev.slipway.persistence")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.slipway.persistence.sqlite..", "dev.slipway.persistence.postgres..")
                .check(main);
    }

    @Test
    void values_dependOnNoOtherModule() {
        classes()
                .that()
                .resideInAPackage("dev.slipway.value..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("dev.slipway.value..", "java..", "com.fasterxml.jackson.core..", "org.jspecify..")
                .check(main);
    }

    @Test
    void schema_dependsOnlyOnValues() {
        classes()
                .that()
                .resideInAPackage("dev.slipway.schema..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "dev.slipway.schema..",
                        "dev.slipway.value..",
                        "java..",
                        "com.fasterxml.jackson.core..",
                        "org.jspecify..")
                .check(main);
    }

    @Test
    void httpLibraryAndMetrics_onlyInServer() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.slipway.server..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.helidon..", "io.micrometer..")
                .check(main);
    }

    @Test
    void cli_reachesTheServerOnlyFromServe() {
        noClasses()
                .that()
                .resideInAPackage("dev.slipway.cli..")
                .and()
                .doNotHaveSimpleName("ServeCommand")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.slipway.server..", "dev.slipway.application..", "dev.slipway.database..")
                .check(main);
    }

    @Test
    void isolate_knowsNothingOfTheDatabase() {
        noClasses()
                .that()
                .resideInAPackage("dev.slipway.isolate..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.slipway.database..", "dev.slipway.persistence..", "dev.slipway.application..")
                .check(main);
    }

    @Test
    void sync_talksToTheDeploymentOnlyThroughItsBackendInterface() {
        noClasses()
                .that()
                .resideInAPackage("dev.slipway.sync..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.slipway.database..", "dev.slipway.isolate..", "dev.slipway.application..")
                .check(main);
    }

    @Test
    void noInternalPackageIsUsedAcrossModules() {
        for (String module : MODULES) {
            noClasses()
                    .that()
                    .resideOutsideOfPackage("dev.slipway." + module + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("dev.slipway." + module + ".internal..")
                    .allowEmptyShould(true)
                    .check(main);
        }
    }

    @Test
    void libraryModules_logThroughSystemLogger_notStandardStreams() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.slipway.cli..")
                .should()
                .accessField(System.class, "out")
                .orShould()
                .accessField(System.class, "err")
                .check(main);
    }

    /**
     * The control plane keeps its records through the database engine and the persistence SPI only:
     * the server opens its store and hands it over, so the control plane knows no backend, no
     * transport and no deployment's functions.
     */
    @Test
    void controlPlane_dependsOnlyOnTheDatabaseLayers() {
        noClasses()
                .that()
                .resideInAPackage("dev.slipway.control..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.slipway.server..",
                        "dev.slipway.cli..",
                        "dev.slipway.isolate..",
                        "dev.slipway.application..",
                        "dev.slipway.sync..",
                        "dev.slipway.persistence.sqlite..",
                        "dev.slipway.persistence.postgres..")
                .check(main);
    }

    /**
     * Only the server uses the control plane: the CLI's control commands speak the control API over
     * HTTP, like every other command but {@code serve}.
     */
    @Test
    void controlPlane_isUsedOnlyByTheServer() {
        noClasses()
                .that()
                .resideOutsideOfPackages("dev.slipway.control..", "dev.slipway.server..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.slipway.control..")
                .check(main);
    }
}
