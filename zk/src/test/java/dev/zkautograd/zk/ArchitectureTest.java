package dev.zkautograd.zk;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The verifier half of {@code zk} depends on nothing of the prover and stays TeaVM-safe (Winterfell
 * keeps its verifier crate free of the prover; here the packages are checked). Plain JUnit running
 * ArchUnit rules.
 */
class ArchitectureTest {
  static final String[] VERIFIER_PACKAGES = {
    "dev.zkautograd.zk", "dev.zkautograd.zk.field", "dev.zkautograd.zk.poly", "dev.zkautograd.zk.merkle",
    "dev.zkautograd.zk.transcript", "dev.zkautograd.zk.air", "dev.zkautograd.zk.fri", "dev.zkautograd.zk.verifier",
    "dev.zkautograd.zk.proof", "dev.zkautograd.zk.params", "dev.zkautograd.zk.sgd", "dev.zkautograd.zk.adam",
    "dev.zkautograd.zk.clip"
  };

  static final JavaClasses ZK = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.zkautograd.zk");

  /**
   * Classes of {@code zk.backend} that the browser verifier (portal-wasm) compiles: the record's
   * verifier and the STARK's verifying half. They may use each other, never the prover.
   */
  static final String[] BROWSER_BACKEND_CLASSES = {
    "dev.zkautograd.zk.backend.RecordedStepVerifier", "dev.zkautograd.zk.backend.StarkProofVerifier"
  };

  @Test
  void verifierDoesNotDependOnTheProver() {
    ArchRule rule = noClasses().that().resideInAnyPackage(VERIFIER_PACKAGES)
        .should().dependOnClassesThat().resideInAnyPackage("dev.zkautograd.zk.prover..", "dev.zkautograd.zk.bench..",
            "dev.zkautograd.zk.backend..");
    rule.check(ZK);
  }

  @Test
  void browserBackendClassesDoNotDependOnTheProver() {
    noClasses().that().haveFullyQualifiedName(BROWSER_BACKEND_CLASSES[0])
        .or().haveFullyQualifiedName(BROWSER_BACKEND_CLASSES[1])
        .should().dependOnClassesThat().resideInAnyPackage("dev.zkautograd.zk.prover..", "dev.zkautograd.zk.bench..")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.zkautograd.zk.backend.StarkBackend")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.zkautograd.zk.backend.StateOpening")
        .check(ZK);
  }

  @Test
  void verifierIsTeaVmSafe() {
    noClasses().that().resideInAnyPackage(VERIFIER_PACKAGES)
        .or().haveFullyQualifiedName(BROWSER_BACKEND_CLASSES[0])
        .or().haveFullyQualifiedName(BROWSER_BACKEND_CLASSES[1])
        .should().dependOnClassesThat().resideInAnyPackage("java.lang.reflect..", "java.util.concurrent..",
            "javax.crypto..", "java.lang.management..")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.security.MessageDigest")
        .orShould().callMethod(Math.class, "multiplyHigh", long.class, long.class)
        .orShould().callMethod(String.class, "format", String.class, Object[].class)
        .orShould().callMethod(Thread.class, "start")
        .check(ZK);
  }
}
