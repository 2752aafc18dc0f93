package io.github.oncorefract.domain;

import java.util.List;

/**
 * A medication that looks like a cancer drug but is not in the drug table (issue 8, class 4): it became no exposure,
 * so a line of therapy may be missing. Reported per patient and counted per pass as {@code unrecognised-medication},
 * never dropped in silence. Holds the drug's naming only, no patient identifier.
 *
 * @param resourceType FHIR type of the resource that names the drug, e.g. {@code "MedicationRequest"}
 * @param resourceId   its logical id, or {@code "(none)"}
 * @param codes        the drug's codings as {@code system|code} (empty when it is named by text only)
 * @param text         the drug's text (code.text, else a coding display, else the reference display), or null
 * @param signal       why it looks like a cancer drug, e.g. {@code "atc-prefix L01"}, {@code "inn-stem -lisib"},
 *                     {@code "profile mcode-cancer-related-medication"} (see {@code cancer-drug-signals.csv})
 */
public record UnrecognisedMedication(
    String resourceType, String resourceId, List<String> codes, String text, String signal) {

  public UnrecognisedMedication {
    codes = List.copyOf(codes);
  }

  /** The reason code under which it is reported. */
  public static final String REASON = "unrecognised-medication";
}
