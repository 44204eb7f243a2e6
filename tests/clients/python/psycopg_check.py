"""psycopg2 and psycopg 3 against a live Strom server (issue 4 §2, §3).

Usage: python psycopg_check.py PORT [psycopg2|psycopg3 ...]

Each check drives a live view: a DML table, a materialized view over it, read, INSERT, FLUSH, read
again and see it change; then parameters, server-side cursors and COPY (text, csv; binary out), and
with psycopg 3 a binary round trip of every Strom type (binary parameters with their type OIDs,
binary results). Prints one `ok …` line per check; an assertion error exits non-zero.
"""
import datetime as dt
import io
import sys
import uuid
from decimal import Decimal

PORT = int(sys.argv[1])
DSN = f"host=127.0.0.1 port={PORT} user=strom dbname=strom"


def ok(what):
    print(f"ok {what}", flush=True)


def check_psycopg2():
    import psycopg2

    conn = psycopg2.connect(DSN)
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute("CREATE TABLE p2_orders (id INT PRIMARY KEY, region TEXT, amount NUMERIC(10,2), at TIMESTAMP)")
    cur.execute(
        "CREATE MATERIALIZED VIEW p2_by_region AS SELECT region, count(*) AS n, sum(amount) AS total FROM p2_orders GROUP BY region"
    )
    rows = [(1, "east", Decimal("10.50"), dt.datetime(2024, 1, 1, 12)), (2, "west", Decimal("3.25"), dt.datetime(2024, 1, 1, 13))]
    cur.executemany("INSERT INTO p2_orders VALUES (%s, %s, %s, %s)", rows)
    cur.execute("FLUSH")
    cur.execute("SELECT region, n, total FROM p2_by_region ORDER BY region")
    assert cur.fetchall() == [("east", 1, Decimal("10.50")), ("west", 1, Decimal("3.25"))], "first read"
    cur.execute("INSERT INTO p2_orders VALUES (%(id)s, %(region)s, %(amount)s, %(at)s)", {"id": 3, "region": "east", "amount": Decimal("1.00"), "at": dt.datetime(2024, 1, 2)})
    cur.execute("FLUSH")
    cur.execute("SELECT n, total FROM p2_by_region WHERE region = %s", ("east",))
    assert cur.fetchall() == [(2, Decimal("11.50"))], "live view changed"
    ok("psycopg2 live view: read, INSERT, FLUSH, read again")

    # COPY FROM STDIN (text and csv) into the DML table, COPY (query) TO STDOUT as csv.
    cur.copy_expert("COPY p2_orders FROM STDIN", io.StringIO("4\tnorth\t7.00\t2024-01-03 00:00:00\n5\t\\N\t\\N\t\\N\n"))
    cur.copy_expert("COPY p2_orders (id, region, amount) FROM STDIN WITH (FORMAT csv)", io.StringIO('6,"north",2.5\n'))
    cur.execute("FLUSH")
    out = io.StringIO()
    cur.copy_expert("COPY (SELECT region, n, total FROM p2_by_region WHERE region IS NOT NULL ORDER BY region) TO STDOUT WITH (FORMAT csv, HEADER)", out)
    assert out.getvalue() == "region,n,total\neast,2,11.50\nnorth,2,9.50\nwest,1,3.25\n", out.getvalue()
    ok("psycopg2 COPY FROM STDIN text/csv, COPY (query) TO STDOUT csv")

    # A server-side (named) cursor: DECLARE in a transaction block, FETCH FORWARD n.
    conn.autocommit = False
    named = conn.cursor(name="p2_cur")
    named.itersize = 2
    named.execute("SELECT id FROM p2_orders ORDER BY id")
    assert named.fetchmany(2) == [(1,), (2,)]
    assert [r[0] for r in named] == [3, 4, 5, 6]
    named.close()
    conn.commit()
    ok("psycopg2 server-side cursor")
    conn.close()


def check_psycopg3():
    import psycopg
    from psycopg.types.json import Jsonb

    with psycopg.connect(DSN, autocommit=True) as conn:
        conn.execute("CREATE TABLE p3_events (id BIGINT PRIMARY KEY, kind TEXT, amount DOUBLE PRECISION)")
        conn.execute("CREATE MATERIALIZED VIEW p3_kinds AS SELECT kind, count(*) AS n, sum(amount) AS total FROM p3_events GROUP BY kind")
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO p3_events VALUES (%s, %s, %s)", [(1, "a", 1.5), (2, "b", 2.0)])
        conn.execute("FLUSH")
        assert conn.execute("SELECT kind, n, total FROM p3_kinds ORDER BY kind").fetchall() == [("a", 1, 1.5), ("b", 1, 2.0)]
        conn.execute("INSERT INTO p3_events VALUES (%s, %s, %s)", (3, "a", 0.25))
        conn.execute("FLUSH")
        assert conn.execute("SELECT n, total FROM p3_kinds WHERE kind = %s", ("a",)).fetchall() == [(2, 1.75)]
        # the same through binary results
        with conn.cursor(binary=True) as cur:
            assert cur.execute("SELECT n, total FROM p3_kinds WHERE kind = %s", ("a",)).fetchall() == [(2, 1.75)]
        ok("psycopg3 live view (server-side parameters, text and binary results)")

        # Binary parameters with their type OIDs, binary results: every Strom type round-trips.
        values = [
            ("smallint", 12), ("integer", -7), ("bigint", 9_000_000_000), ("real", 1.5), ("double precision", 2.25),
            ("numeric", Decimal("-12345.678900")), ("boolean", True), ("text", "hé llo"), ("varchar", "v"),
            ("bytea", b"\x00\x01\xff"), ("date", dt.date(2024, 2, 29)), ("time", dt.time(13, 14, 15, 500000)),
            ("timestamp", dt.datetime(2024, 12, 31, 23, 59, 59, 500000)),
            ("timestamptz", dt.datetime(2024, 6, 1, 10, 0, tzinfo=dt.timezone.utc)),
            ("interval", dt.timedelta(days=3, hours=4, seconds=5.25)), ("uuid", uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")),
            ("jsonb", Jsonb({"a": [1, 2, None]})), ("integer[]", [1, None, 3]), ("text[]", ["x", "y z"]),
        ]
        for ty, v in values:
            got = conn.execute(f"SELECT %b::{ty} AS v", (v,), binary=True).fetchone()[0]
            want = v.obj if isinstance(v, Jsonb) else v
            if ty == "timestamptz":
                got = got.astimezone(dt.timezone.utc)
            assert got == want, f"{ty}: sent {want!r}, got {got!r}"
        ok(f"psycopg3 binary parameters and results for {len(values)} types")

        # COPY: write_row (text), csv, and COPY (query) TO STDOUT in binary, decoded by psycopg.
        with conn.cursor() as cur:
            with cur.copy("COPY p3_events FROM STDIN") as copy:
                copy.write_row((10, "c", 4.0))
                copy.write_row((11, None, None))
            with cur.copy("COPY p3_events FROM STDIN (FORMAT csv)") as copy:
                copy.write("12,c,1.0\n")
            conn.execute("FLUSH")
            with cur.copy("COPY (SELECT kind, n, total FROM p3_kinds WHERE kind = 'c') TO STDOUT (FORMAT binary)") as copy:
                copy.set_types(["text", "int8", "float8"])
                assert list(copy.rows()) == [("c", 2, 5.0)]
        ok("psycopg3 COPY FROM STDIN text/csv, COPY (query) TO STDOUT binary")

    # A server-side cursor inside a transaction.
    with psycopg.connect(DSN) as conn:
        with conn.cursor(name="p3_cur") as cur:
            cur.itersize = 2
            cur.execute("SELECT id FROM p3_events ORDER BY id")
            assert cur.fetchmany(2) == [(1,), (2,)]
            assert [r[0] for r in cur] == [3, 10, 11, 12]
    ok("psycopg3 server-side cursor")


CHECKS = {"psycopg2": check_psycopg2, "psycopg3": check_psycopg3}
for name in sys.argv[2:] or list(CHECKS):
    CHECKS[name]()
