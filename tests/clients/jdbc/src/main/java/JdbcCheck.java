import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * pgjdbc against a live Strom server (issue 4 §3). Usage: java JdbcCheck PORT [live|prepared|fetch|metadata ...].
 * Prints one "ok ..." line per check; a failed check throws (exit status 1).
 */
public final class JdbcCheck {
  private static void ok(String what) {
    System.out.println("ok " + what);
    System.out.flush();
  }

  private static void check(boolean cond, String what) {
    if (!cond) throw new AssertionError(what);
  }

  private static List<String> column(ResultSet rs, String name) throws Exception {
    List<String> out = new ArrayList<>();
    while (rs.next()) out.add(rs.getString(name));
    rs.close();
    return out;
  }

  /** A DML table, a materialized view over it; read, INSERT (a batch of PreparedStatements), FLUSH, read again. */
  static void live(Connection c) throws Exception {
    try (Statement st = c.createStatement()) {
      st.execute("CREATE TABLE j_orders (id INT PRIMARY KEY, region TEXT, amount DOUBLE PRECISION)");
      st.execute("CREATE MATERIALIZED VIEW j_totals AS SELECT region, count(*) AS n, sum(amount) AS total FROM j_orders GROUP BY region");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO j_orders VALUES (?, ?, ?)")) {
        for (int i = 1; i <= 4; i++) {
          ps.setInt(1, i);
          ps.setString(2, i % 2 == 0 ? "east" : "west");
          ps.setDouble(3, i * 1.5);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      st.execute("FLUSH");
      ResultSet rs = st.executeQuery("SELECT n, total FROM j_totals WHERE region = 'east'");
      check(rs.next() && rs.getLong(1) == 2 && rs.getDouble(2) == 9.0, "first read of the view");
      rs.close();
      st.executeUpdate("INSERT INTO j_orders VALUES (5, 'east', 0.5)");
      st.execute("FLUSH");
      rs = st.executeQuery("SELECT n, total FROM j_totals WHERE region = 'east'");
      check(rs.next() && rs.getLong(1) == 3 && rs.getDouble(2) == 9.5, "the view changed after INSERT + FLUSH");
      rs.close();
    }
    ok("live view: read, INSERT, FLUSH, read again");
  }

  /** Typed and array parameters, server-prepared (prepareThreshold=1, so binary transfer after the first run). */
  static void prepared(Connection c) throws Exception {
    String sql = "SELECT ?::int AS i, ?::bigint AS b, ?::numeric AS n, ?::text AS t, ?::date AS d, ?::timestamp AS ts, ?::uuid AS u, ?::boolean AS z";
    UUID uuid = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    Timestamp ts = Timestamp.valueOf("2024-12-31 23:59:59.5");
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int run = 0; run < 3; run++) {
        ps.setInt(1, 42 + run);
        ps.setLong(2, 9_000_000_000L);
        ps.setBigDecimal(3, new BigDecimal("-12.345"));
        ps.setString(4, "héllo");
        ps.setObject(5, LocalDate.of(2024, 2, 29));
        ps.setTimestamp(6, ts);
        ps.setObject(7, uuid);
        ps.setBoolean(8, true);
        try (ResultSet rs = ps.executeQuery()) {
          check(rs.next(), "a row");
          check(rs.getInt("i") == 42 + run, "int " + rs.getInt("i"));
          check(rs.getLong("b") == 9_000_000_000L, "bigint");
          check(rs.getBigDecimal("n").compareTo(new BigDecimal("-12.345")) == 0, "numeric " + rs.getBigDecimal("n"));
          check(rs.getString("t").equals("héllo"), "text");
          check(rs.getObject("d", LocalDate.class).equals(LocalDate.of(2024, 2, 29)), "date");
          check(rs.getTimestamp("ts").equals(ts), "timestamp " + rs.getTimestamp("ts"));
          check(rs.getObject("u", UUID.class).equals(uuid), "uuid");
          check(rs.getBoolean("z"), "boolean");
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT ? AS ints, ? AS texts")) {
      for (int run = 0; run < 3; run++) {
        ps.setArray(1, c.createArrayOf("int4", new Integer[] {1, null, 3}));
        ps.setArray(2, c.createArrayOf("text", new String[] {"a", "b c"}));
        try (ResultSet rs = ps.executeQuery()) {
          check(rs.next(), "a row");
          Array a = rs.getArray("ints");
          Object[] ints = (Object[]) a.getArray();
          check(ints.length == 3 && ((Number) ints[0]).intValue() == 1 && ints[1] == null && ((Number) ints[2]).intValue() == 3, "int array");
          Object[] texts = (Object[]) rs.getArray("texts").getArray();
          check(texts.length == 2 && texts[1].equals("b c"), "text array");
        }
      }
    }
    ok("PreparedStatement with typed and array parameters, server-prepared");
  }

  /** setFetchSize streaming: pgjdbc reads through a portal, fetchSize rows per Execute. */
  static void fetch(Connection c) throws Exception {
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      st.setFetchSize(2);
      List<Integer> ids = new ArrayList<>();
      try (ResultSet rs = st.executeQuery("SELECT id FROM j_orders ORDER BY id")) {
        while (rs.next()) ids.add(rs.getInt(1));
      }
      check(ids.equals(List.of(1, 2, 3, 4, 5)), "rows " + ids);
    }
    c.commit();
    c.setAutoCommit(true);
    ok("setFetchSize(2) streaming");
  }

  /** DatabaseMetaData: catalogs, schemas, tables (incl. MATERIALIZED VIEW), columns, primary keys. */
  static void metadata(Connection c) throws Exception {
    DatabaseMetaData md = c.getMetaData();
    List<String> catalogs = column(md.getCatalogs(), "TABLE_CAT");
    check(catalogs.contains("strom"), "getCatalogs " + catalogs);
    List<String> schemas = column(md.getSchemas(), "TABLE_SCHEM");
    check(schemas.contains("public"), "getSchemas " + schemas);
    List<String> tables = new ArrayList<>();
    try (ResultSet rs = md.getTables(null, "public", "j_%", null)) {
      while (rs.next()) tables.add(rs.getString("TABLE_NAME") + ":" + rs.getString("TABLE_TYPE"));
    }
    check(tables.contains("j_orders:TABLE") && tables.contains("j_totals:MATERIALIZED VIEW"), "getTables " + tables);
    List<String> cols = new ArrayList<>();
    try (ResultSet rs = md.getColumns(null, "public", "j_orders", null)) {
      while (rs.next()) cols.add(rs.getString("COLUMN_NAME") + ":" + rs.getString("TYPE_NAME") + ":" + rs.getInt("ORDINAL_POSITION"));
    }
    check(cols.equals(List.of("id:int4:1", "region:text:2", "amount:float8:3")), "getColumns " + cols);
    List<String> pk = column(md.getPrimaryKeys(null, "public", "j_orders"), "COLUMN_NAME");
    check(pk.equals(List.of("id")), "getPrimaryKeys " + pk);
    ok("DatabaseMetaData: catalogs " + catalogs + ", schemas " + schemas + ", tables " + tables + ", columns " + cols + ", primary key " + pk);
  }

  public static void main(String[] args) throws Exception {
    Properties p = new Properties();
    p.setProperty("user", "strom");
    p.setProperty("prepareThreshold", "1");
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + args[0] + "/strom", p)) {
      List<String> which = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("live", "prepared", "fetch", "metadata");
      for (String w : which) {
        switch (w) {
          case "live" -> live(c);
          case "prepared" -> prepared(c);
          case "fetch" -> fetch(c);
          case "metadata" -> metadata(c);
          default -> throw new IllegalArgumentException(w);
        }
      }
    }
  }
}
