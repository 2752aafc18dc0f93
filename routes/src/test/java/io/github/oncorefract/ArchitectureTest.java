package io.github.oncorefract;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Rules versus plumbing ({@code architecture.md}): the domain model, the line-of-therapy engine and the rule sets
 * are plain Java and import no Camel, Spring, HAPI/FHIR model or HTTP client types.
 */
@AnalyzeClasses(packages = "io.github.oncorefract", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule rulesArePlainJava = noClasses()
      .that().resideInAnyPackage("..domain..", "..therapy..", "..assessment..")
      .should().dependOnClassesThat().resideInAnyPackage(
          "org.apache.camel..", "org.springframework..", "ca.uhn.fhir..", "org.hl7.fhir..", "java.net.http..")
      .because("rules are plain Java over the domain model (architecture.md, Rules versus plumbing)");
}
