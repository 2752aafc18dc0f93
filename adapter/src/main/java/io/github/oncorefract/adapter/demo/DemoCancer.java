package io.github.oncorefract.adapter.demo;

/**
 * The designed truth for one cancer of a demo patient, to compare with what the engine derives.
 *
 * <p>Line counts follow clinical-model.md section 2 literally (Meng et al., J Biomed Inform 2019; JMIR Med Inform
 * 2021;9(10):e29017): a 28-day regimen window, a gap of more than 180 days starts a new line even for the same
 * regimen, cisplatin/carboplatin substitution, continuation maintenance and a dropped drug keep the line, any other
 * new antineoplastic ingredient after the window starts a new line. Consequences that a clinician might count
 * differently are spelt out in {@code note} (e.g. AC followed by paclitaxel is two curative lines; olaparib
 * maintenance, not in the maintenance list, is a new line).
 *
 * @param conditionId                 logical id of the Condition, e.g. {@code "demo-0001-c1"} (no type prefix)
 * @param cancer                      the {@code io.github.oncorefract.domain.CancerType} name: {@code NSCLC},
 *                                    {@code COLORECTAL}, {@code BREAST}, {@code OVARIAN} or
 *                                    {@code MULTIPLE_MYELOMA}
 * @param expectedAdvancedLines       lines in the advanced (palliative) setting
 * @param expectedCurativeLines       lines with curative intent (mCODE procedure-intent 373808002)
 * @param expectedProgressionOnLatest true when progression evidence (CancerDiseaseStatus worsened, or a stop for
 *                                    "No response to treatment") is dated on or after the start of the latest
 *                                    advanced line; false when there is no advanced line
 * @param note                        human-readable description of the designed course (no PHI: all synthetic)
 */
public record DemoCancer(
    String conditionId,
    String cancer,
    int expectedAdvancedLines,
    int expectedCurativeLines,
    boolean expectedProgressionOnLatest,
    String note) {}
