package io.github.oncorefract.ingest;

/** The server has no Patient with the asked id. The message never contains the id. */
public class PatientNotFoundException extends RuntimeException {
  public PatientNotFoundException() {
    super("Patient not found on the FHIR server");
  }
}
