package dev.zkautograd.cli;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md §2 as a build check: arrows point down the module table, and no module reaches one
 * beside or below it except through {@code core} and {@code zk}. The Maven enforcer checks the same
 * rule on declared dependencies; this checks the code itself.
 */
class ArchitectureTest {
  private static final JavaClasses PRODUCT =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.zkautograd");

  private static final ArchRule MODULES_FOLLOW_THE_DESIGN_TABLE =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .withOptionalLayers(true)
          .layer("core").definedBy("dev.zkautograd.core..")
          .layer("zk").definedBy("dev.zkautograd.zk..")
          .layer("ezkl").definedBy("dev.zkautograd.ezkl..")
          .layer("trainer").definedBy("dev.zkautograd.trainer..")
          .layer("enclave").definedBy("dev.zkautograd.enclave..")
          .layer("generator").definedBy("dev.zkautograd.generator..")
          .layer("portal").definedBy("dev.zkautograd.portal..")
          .layer("anchor").definedBy("dev.zkautograd.anchor..")
          .layer("contracts").definedBy("dev.zkautograd.contracts..")
          .layer("cli").definedBy("dev.zkautograd.cli..")
          .whereLayer("cli").mayNotBeAccessedByAnyLayer()
          .whereLayer("ezkl").mayOnlyBeAccessedByLayers("cli")
          .whereLayer("trainer").mayOnlyBeAccessedByLayers("cli")
          .whereLayer("enclave").mayOnlyBeAccessedByLayers("cli")
          .whereLayer("generator").mayOnlyBeAccessedByLayers("cli")
          .whereLayer("portal").mayOnlyBeAccessedByLayers("cli")
          .whereLayer("anchor").mayOnlyBeAccessedByLayers("cli")
          .whereLayer("contracts").mayOnlyBeAccessedByLayers("cli")
          .whereLayer("zk")
          .mayOnlyBeAccessedByLayers("ezkl", "trainer", "enclave", "generator", "portal", "contracts", "cli")
          .whereLayer("core")
          .mayOnlyBeAccessedByLayers(
              "zk", "ezkl", "trainer", "enclave", "generator", "portal", "anchor", "contracts", "cli");

  @Test
  void modulesFollowTheDesignTable() {
    MODULES_FOLLOW_THE_DESIGN_TABLE.check(PRODUCT);
  }
}
