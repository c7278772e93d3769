package jobproxy.server.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** DESIGN §3: dependencies point one way (proxy → admin → db, proxy → performers), and SQL lives only in db. */
class LayeringTest {
    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("jobproxy");
    }

    @Test
    void dbDependsOnNothingOfOurs() {
        noClasses().that().resideInAPackage("jobproxy.db..")
                .should().dependOnClassesThat().resideInAnyPackage("jobproxy.server..", "jobproxy.admin..",
                        "jobproxy.performer..", "jobproxy.examples..", "jobproxy.client..", "jobproxy.v1..")
                .check(classes);
    }

    @Test
    void performerSdkDependsOnNothingOfOurs() {
        noClasses().that().resideInAPackage("jobproxy.performer..")
                .should().dependOnClassesThat().resideInAnyPackage("jobproxy.server..", "jobproxy.admin..",
                        "jobproxy.db..", "jobproxy.client..", "jobproxy.v1..", "jobproxy.examples..")
                .check(classes);
    }

    @Test
    void adminDoesNotReachIntoTheProxy() {
        noClasses().that().resideInAPackage("jobproxy.admin..")
                .should().dependOnClassesThat().resideInAnyPackage("jobproxy.server..", "jobproxy.performer..")
                .check(classes);
    }

    @Test
    void callersContractDoesNotPullTheServerIn() {
        noClasses().that().resideInAnyPackage("jobproxy.client..", "jobproxy.v1..")
                .should().dependOnClassesThat().resideInAnyPackage("jobproxy.server..", "jobproxy.db..", "jobproxy.admin..")
                .check(classes);
    }

    @Test
    void sqlLivesOnlyInDb() {
        noClasses().that().resideOutsideOfPackage("jobproxy.db..")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.sql.PreparedStatement")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.sql.Statement")
                .check(classes);
    }

    @Test
    void noGrabBagPackages() {
        noClasses().should().resideInAnyPackage("..util..", "..utils..", "..manager..", "..impl..", "..helpers..")
                .check(classes);
    }
}
