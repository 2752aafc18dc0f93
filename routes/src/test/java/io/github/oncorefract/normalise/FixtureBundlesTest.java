package io.github.oncorefract.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.domain.PatientRecord;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One normalisation per fixture bundle/patient; expected counts were checked by hand against the files
 * (FINDINGS.md). Exposures are one per ingredient per resource, so a line recorded as Statement + Request +
 * Administration counts three times here (de-duplication is the line engine's job).
 */
class FixtureBundlesTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      # OBDS bundles (ICD-10-GM only)
      OBDS:Folgepaket_Testpatient_Mamma | 9142ee3ff7990f826ada966f03da267e0fe662f73858158f5e868b772cd68730 | 1 | 3
      OBDS:Folgepaket_Testpatientin_Cervix | 43d8d22e39e073fbb83f221071d60fe92e947d234ada77f7401d0eb4d230a849 | 0 | 0
      OBDS:GroupSequence01 | 3919f05c9c061487bab3c8f0c50212061d29d4a31d6709c14955d3e551f9ab6d | 1 | 0
      OBDS:Priopatient_3 | a02e16474896f1d528cac71f2c9b4c45ac3c9028e3a53fb414a1f7882991ee07 | 1 | 0
      OBDS:Testpatient_1 | a02e16474896f1d528cac71f2c9b4c45ac3c9028e3a53fb414a1f7882991ee07 | 5 | 1
      OBDS:Testpatient_2 | b7590139fce130878d3cc126a6eb694647f845c7825798f5fa9d6f2c03e42bcb | 2 | 1
      OBDS:Testpatient_3 | 6f5a4631aa1afa9fb3b290f6bb86163ea01f9b24bd1170e5d79a0c36995c2c57 | 1 | 1
      OBDS:Testpatient_CLL | 66eab990c3ab4a1dac96eecfa7189a4455b4a4e9d39b1813fa20e17b8cc564d2 | 1 | 3
      OBDS:Testpatient_Mamma | 9142ee3ff7990f826ada966f03da267e0fe662f73858158f5e868b772cd68730 | 2 | 2
      OBDS:Testpatient_Patho | 17fd07c897c1b71242be625380c0f570dd1262c3e8e6716c09819705494d65b5 | 3 | 0
      OBDS:Testpatient_Patho2 | 1f3cbe89f02e77981b92928db4f8522ddd4be1d8d14a243e7fcc9834a0d35575 | 1 | 0
      OBDS:Testpatient_Prostata | 23283daf4d699cc4b3e9d01cd4ce1344cd94f9f9769dfd88da68b2b696332d48 | 1 | 1
      OBDS:Testpatient_Rektum | 4a8639bbad9d5774878e0d6a132ece2b65912449072a6888e2028987d5d479c4 | 1 | 2
      OBDS:Testpatient_leer | 6f424ee5291002f165045bea52722a1c9f78e7537d60d446e8e3f08dfc303140 | 1 | 0
      OBDS:Testpatientin_Cervix | 43d8d22e39e073fbb83f221071d60fe92e947d234ada77f7401d0eb4d230a849 | 1 | 0
      OBDS:Testperson_CervixC53 | 5098a39800d97f3939da3ee42943b863a227d051c05789f223880279dc077203 | 1 | 4
      OBDS:Testperson_Cervixinsitu | 43d8d22e39e073fbb83f221071d60fe92e947d234ada77f7401d0eb4d230a849 | 1 | 0
      OBDS:obdsv3_missing_meldungen | 7d3abf49fed5ada2b7ab4ee9b17d0ed448ea32d52209907b1a13030594565149 | 1 | 0
      OBDS:obdsv3_st_strahlenart | 6d5d660ab62ed4f79df30257578c3a98eda74f14c6499270e0d2c3c92a5c2dfc | 1 | 0
      # MII KDS test data
      mii-kds-testdata/Bundle-mii-exa-test-data-bundle-onkologie-1.json | mii-exa-test-data-onko-patient-1 | 2 | 3
      mii-kds-testdata/Bundle-mii-exa-test-data-bundle-mtb-1.json | mii-exa-test-data-mtb-patient-1 | 1 | 2
      mii-kds-testdata/Bundle-mii-exa-test-data-bundle-molgen-1.json | mii-exa-test-data-molgen-patient-1 | 1 | 0
      mii-kds-testdata/Bundle-mii-exa-test-data-bundle-molgen-1.json | mii-exa-test-data-molgen-patient-2 | 1 | 0
      mii-kds-testdata/Bundle-mii-exa-test-data-bundle-pat-1.json | mii-exa-test-data-patient-1 | 0 | 0
      mii-kds-testdata/Bundle-mii-exa-test-data-bundle-pat-2.json | mii-exa-test-data-patient-2 | 2 | 6
      mii-kds-testdata/Bundle-mii-exa-test-data-bundle-pat-3.json | mii-exa-test-data-patient-3 | 1 | 7
      mii-kds-testdata/Bundle-mii-exa-test-data-bundle-pat-4.json | mii-exa-test-data-patient-4 | 1 | 3
      mii-kds-testdata/Bundle-mii-exa-test-data-bundle-pat-5.json | mii-exa-test-data-patient-5 | 0 | 3
      # Synthea (MedicationRequest only; one request per cycle)
      smart-generated-sample-data-synthea-r4/Fletcher_Hyatt_fe0562b5-f517-4951-8366-32fdab088930.json | c5ed5d78-5b3f-4a75-bdfb-5f318b068a20 | 3 | 74
      smart-generated-sample-data-synthea-r4/Gilbert_Wunsch_ab591293-dc94-4290-a29f-f35522273600.json | 1a96f2e7-7ce0-4164-b3f6-4fdffeca00fb | 2 | 96
      smart-generated-sample-data-synthea-r4/Sherman_McGlynn_8ef2ef98-48c5-427e-80d4-5e8f30ac8bf5.json | ffb8ae8f-8c7f-4475-8c42-d38419108e94 | 3 | 92
      smart-generated-sample-data-synthea-r4/Loyd_Connelly_b200e2a2-c5ea-481f-97ae-67ec2dc22a5b.json | 11f2b925-43b2-45e4-ac34-7811a9eb9c1b | 1 | 3
      smart-generated-sample-data-synthea-r4/Bambi_Murray_651a56f9-3699-4c4a-8693-ec81aec0031f.json | fb13e626-1400-45a1-9a99-29c6e7a0e8e4 | 1 | 1
      # bulk NDJSON: NSCLC (two codes) + untreated breast cancer; 221 cisplatin + 221 paclitaxel
      NDJSON:129c6ac7-8d06-89de-ad63-0204a93e76c3 | 129c6ac7-8d06-89de-ad63-0204a93e76c3 | 3 | 442
      """)
  void normalisesFixture(String file, String patient, int cancers, int exposures) {
    PatientRecord r = Fixtures.NORMALISER.normalise(patient, resources(file));
    assertThat(r.patientId()).isEqualTo(patient);
    assertThat(r.cancers()).as("cancers").hasSize(cancers);
    assertThat(r.exposures()).as("exposures").hasSize(exposures);
    assertThat(r.exposures()).allMatch(e -> e.start() != null && (e.end() == null || !e.end().isBefore(e.start())));
    assertThat(r.quarantined()).noneMatch(q -> q.reason().equals("normalisation-error"));
  }

  private static List<Resource> resources(String file) {
    if (file.startsWith("OBDS:")) {
      return Fixtures.load(Fixtures.OBDS + file.substring(5) + ".xml.0.approved.fhir.json");
    }
    if (file.startsWith("NDJSON:")) {
      List<Resource> out = new ArrayList<>();
      for (String t : new String[] {"Patient", "Condition", "MedicationRequest", "Procedure"}) {
        out.addAll(Fixtures.load("smart-sample-bulk-fhir-datasets-10-patients/" + t + ".patient-"
            + file.substring(7) + ".ndjson"));
      }
      return out;
    }
    return Fixtures.load(file);
  }
}
