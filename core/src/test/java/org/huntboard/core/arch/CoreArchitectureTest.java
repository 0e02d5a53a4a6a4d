package org.huntboard.core.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps {@code core} plain Java: it may not reach for Quarkus, Jakarta or Azure. */
class CoreArchitectureTest {

  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.huntboard.core");

  @Test
  void coreDependsOnNoFrameworkOrCloudSdk() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.quarkus..", "jakarta..", "javax.enterprise..", "com.azure..", "com.microsoft..")
        .because("core is plain Java; frameworks live in web, cloud SDKs in connectors")
        .check(CORE);
  }

  @Test
  void coreDoesNotDependOnOtherHuntboardModules() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.huntboard.connectors..", "org.huntboard.web..")
        .because("dependencies point one way: web -> connectors -> core")
        .check(CORE);
  }
}
