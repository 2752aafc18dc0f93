package io.github.oncorefract.adapter.fhirserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class H2IdResolutionStatementInspectorTest {

  private static final String HEAD =
      "select rt1_0.RES_ID,rt1_0.RES_TYPE,rt1_0.FHIR_ID,rt1_0.RES_DELETED_AT,rt1_0.PARTITION_ID from HFJ_RESOURCE rt1_0 ";

  private final H2IdResolutionStatementInspector inspector = new H2IdResolutionStatementInspector();

  /** The statement HAPI 8.6.1 generates for {@code pairs} typed FHIR ids (Hibernate's SQL log). */
  private static String hapiStatement(int pairs) {
    StringBuilder sql = new StringBuilder(HEAD).append("where (");
    for (int i = 0; i < pairs; i++) {
      sql.append(i == 0 ? "" : " or ").append("rt1_0.RES_TYPE=? and rt1_0.FHIR_ID=?");
    }
    return sql.append(')').toString();
  }

  @Test
  void rewritesTheBatchedIdResolutionToARowValueInWithTheSameParameters() {
    assertThat(inspector.inspect(hapiStatement(3)))
        .isEqualTo(HEAD + "where (rt1_0.RES_TYPE,rt1_0.FHIR_ID) in ((?,?),(?,?),(?,?))");
    assertThat(inspector.inspect(hapiStatement(2))).endsWith("in ((?,?),(?,?))");
  }

  @Test
  void leavesEveryOtherStatementAlone() {
    List<String> others = List.of(
        // one pair: H2 uses the index already
        hapiStatement(1),
        // numeric ids (RES_ID) mixed in, untyped ids, a partition predicate
        HEAD + "where (rt1_0.RES_ID=? or rt1_0.RES_TYPE=? and rt1_0.FHIR_ID=?)",
        HEAD + "where (rt1_0.FHIR_ID=? or rt1_0.RES_TYPE=? and rt1_0.FHIR_ID=?)",
        HEAD + "where rt1_0.PARTITION_ID is null and (rt1_0.RES_TYPE=? and rt1_0.FHIR_ID=? or rt1_0.RES_TYPE=? and "
            + "rt1_0.FHIR_ID=?)",
        // another table, an alias mismatch, a write
        "select x1_0.RES_ID from HFJ_RES_LINK x1_0 where (x1_0.RES_TYPE=? and x1_0.FHIR_ID=? or x1_0.RES_TYPE=? and "
            + "x1_0.FHIR_ID=?)",
        HEAD + "where (rt1_0.RES_TYPE=? and rt2_0.FHIR_ID=? or rt1_0.RES_TYPE=? and rt1_0.FHIR_ID=?)",
        "update HFJ_RESOURCE set RES_VER=? where RES_ID=?");
    for (String sql : others) {
      assertThat(inspector.inspect(sql)).as(sql).isSameAs(sql);
    }
  }

  /**
   * On a real H2 database with HAPI's indexes on HFJ_RESOURCE: the rewritten statement selects exactly the rows of
   * HAPI's (same type and id twice, an id under another type, a missing id, a deleted resource), and H2 reads a
   * handful of index entries for it instead of scanning the table.
   */
  @Test
  void selectsTheSameRowsOnH2ByIndexInsteadOfAScan() throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:h2:mem:inspector-" + UUID.randomUUID())) {
      try (Statement ddl = db.createStatement()) {
        ddl.execute("create table HFJ_RESOURCE (RES_ID bigint not null primary key, PARTITION_ID integer, "
            + "RES_DELETED_AT timestamp(6), FHIR_ID varchar(64), RES_TYPE varchar(40) not null)");
        ddl.execute("alter table HFJ_RESOURCE add constraint IDX_RES_TYPE_FHIR_ID unique (RES_TYPE, FHIR_ID)");
        ddl.execute("create index IDX_RES_FHIR_ID on HFJ_RESOURCE (FHIR_ID)");
      }
      String[] types = {"Patient", "Condition", "Observation", "MedicationRequest", "Flag"};
      try (PreparedStatement insert = db.prepareStatement("insert into HFJ_RESOURCE values (?, null, ?, ?, ?)")) {
        for (int i = 0; i < 5_000; i++) {
          insert.setLong(1, i);
          insert.setObject(2, i == 7 ? java.sql.Timestamp.valueOf("2026-01-01 00:00:00") : null);
          // the same FHIR id under two types, as the demo cohort and the adapter's own output may have
          insert.setString(3, "id-" + (i / 2));
          insert.setString(4, types[i % types.length]);
          insert.addBatch();
        }
        insert.executeBatch();
      }
      String[][] pairs = {
        {"Patient", "id-0"}, {"Condition", "id-0"}, {"Condition", "id-3"}, {"Patient", "id-3"}, {"Observation", "id-3"},
        {"Observation", "id-1"}, {"Observation", "id-4999"}, {"Flag", "id-2"}, {"MedicationRequest", "id-2"}
      };
      String original = hapiStatement(pairs.length);
      String rewritten = inspector.inspect(original);
      assertThat(rewritten).isNotEqualTo(original);

      List<String> expected = rows(db, original, pairs);
      assertThat(expected).hasSize(6);
      assertThat(rows(db, rewritten, pairs)).containsExactlyInAnyOrderElementsOf(expected);

      assertThat(scanCount(db, original, pairs)).isGreaterThanOrEqualTo(5_000);
      assertThat(scanCount(db, rewritten, pairs)).isLessThan(50);
    }
  }

  private static List<String> rows(Connection db, String sql, String[][] pairs) throws Exception {
    try (PreparedStatement query = bind(db.prepareStatement(sql), pairs); ResultSet rs = query.executeQuery()) {
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(rs.getLong(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getTimestamp(4));
      }
      return rows;
    }
  }

  private static long scanCount(Connection db, String sql, String[][] pairs) throws Exception {
    try (PreparedStatement query = bind(db.prepareStatement("explain analyze " + sql), pairs);
        ResultSet rs = query.executeQuery()) {
      rs.next();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("scanCount: (\\d+)").matcher(rs.getString(1));
      assertThat(m.find()).as(rs.getString(1)).isTrue();
      return Long.parseLong(m.group(1));
    }
  }

  private static PreparedStatement bind(PreparedStatement statement, String[][] pairs) throws Exception {
    for (int i = 0; i < pairs.length; i++) {
      statement.setString(2 * i + 1, pairs[i][0]);
      statement.setString(2 * i + 2, pairs[i][1]);
    }
    return statement;
  }
}
