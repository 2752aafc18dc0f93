package io.github.oncorefract.adapter;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The adapter: reads oncology data from a FHIR R4 server, derives lines of therapy, flags likely-refractory cancers
 * and writes reviewable suggestions back. With no {@code adapter.fhir.base-url} it starts an embedded HAPI FHIR JPA
 * server at {@code /fhir} and loads a generated demo cohort into it.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OncoRefractApplication {

  public static void main(String[] args) {
    // Clinical dates are UTC days; run the JVM in UTC whatever the host says.
    java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("UTC"));
    SpringApplication.run(OncoRefractApplication.class, args);
  }
}
