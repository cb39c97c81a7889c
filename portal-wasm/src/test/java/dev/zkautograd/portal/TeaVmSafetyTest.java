package dev.zkautograd.portal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.syntax.elements.GivenClassesConjunction;
import java.util.Base64;
import java.util.Collections;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/**
 * What the browser build found in core, kept out of the code it compiles (zk's ArchitectureTest
 * keeps the STARK verifier clean the same way). Each of these compiled, and then behaved differently
 * in the browser or not at all: {@code Object.wait} and monitors make every caller a coroutine that
 * an exported function cannot run; TeaVM's {@code Base64} decoder accepts text the JDK's refuses;
 * {@code String.split} and friends pull in a regex engine; {@code unmodifiableSortedMap} does not
 * exist there. The JVM-only classes (files on disk, the run writer, the executor, the
 * local stand-in services it starts as processes) are left out.
 */
class TeaVmSafetyTest {
  static final JavaClasses BROWSER_CODE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.zkautograd.core", "dev.zkautograd.portal");

  static final String[] JVM_ONLY = {
    "dev.zkautograd.core.audit.ExecutorStepTasks", "dev.zkautograd.core.run.DirectoryRunFiles", "dev.zkautograd.core.run.DurableFiles",
    "dev.zkautograd.core.run.RunWriter", "dev.zkautograd.core.run.FileCounterAnchor", "dev.zkautograd.core.local.LocalService"
  };

  @Test
  void theBrowserVerifiersCoreAvoidsWhatTeaVmCompilesWrongly() {
    rule(noClasses().that().resideInAnyPackage("dev.zkautograd.core..", "dev.zkautograd.portal..")
        .and().haveNameNotMatching(String.join("|", JVM_ONLY).replace(".", "\\."))).check(BROWSER_CODE);
  }

  @Test
  void theRuleCatchesTheExecutorsWait() {
    JavaClasses waits = BROWSER_CODE.that(JavaClass.Predicates.simpleName("ExecutorStepTasks"));
    assertEquals(1, waits.size());
    assertThrows(AssertionError.class, () -> rule(noClasses().that().haveNameMatching(".*")).check(waits));
  }

  private static ArchRule rule(GivenClassesConjunction classes) {
    return classes
        .should().callMethod(Object.class, "wait")
        .orShould().callMethod(Object.class, "notifyAll")
        .orShould().callMethod(Object.class, "notify")
        .orShould().callMethod(Base64.class, "getDecoder")
        .orShould().callMethod(String.class, "split", String.class)
        .orShould().callMethod(String.class, "split", String.class, int.class)
        .orShould().callMethod(String.class, "replaceAll", String.class, String.class)
        .orShould().callMethod(String.class, "matches", String.class)
        .orShould().callMethod(String.class, "format", String.class, Object[].class)
        .orShould().callMethod(Collections.class, "unmodifiableSortedMap", SortedMap.class)
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.security.MessageDigest")
        .orShould().dependOnClassesThat().resideInAnyPackage("java.lang.reflect..");
  }
}
