"""SQLAlchemy 2 `inspect(engine)` over Strom's pg_catalog (issue 4 §3), with the postgresql+psycopg2
dialect, and a live view read through SQLAlchemy before and after INSERT + FLUSH.

Usage: python sqlalchemy_check.py PORT. Prints one `ok …` line per check; exits non-zero on failure.
"""
import sys

from sqlalchemy import create_engine, inspect, text

engine = create_engine(f"postgresql+psycopg2://strom@127.0.0.1:{sys.argv[1]}/strom")


def ok(what):
    print(f"ok {what}", flush=True)


with engine.connect() as conn:
    conn = conn.execution_options(isolation_level="AUTOCOMMIT")
    conn.execute(text("CREATE TABLE sa_items (id INT PRIMARY KEY, name TEXT NOT NULL, price NUMERIC(8,2))"))
    conn.execute(text("CREATE VIEW sa_cheap AS SELECT id, name FROM sa_items WHERE price < 10"))
    conn.execute(text("CREATE MATERIALIZED VIEW sa_stats AS SELECT count(*) AS n, sum(price) AS total FROM sa_items"))
    conn.execute(text("INSERT INTO sa_items VALUES (1, 'pen', 2.50), (2, 'book', 12.00)"))
    conn.execute(text("FLUSH"))
    assert conn.execute(text("SELECT n, total FROM sa_stats")).one() == (2, 14.5)
    conn.execute(text("INSERT INTO sa_items VALUES (:id, :name, :price)"), {"id": 3, "name": "ink", "price": 1.25})
    conn.execute(text("FLUSH"))
    assert conn.execute(text("SELECT n, total FROM sa_stats")).one() == (3, 15.75)
    ok("live view through SQLAlchemy: read, INSERT, FLUSH, read again")

insp = inspect(engine)
assert "public" in insp.get_schema_names(), insp.get_schema_names()
ok(f"get_schema_names {insp.get_schema_names()}")
assert "sa_items" in insp.get_table_names(), insp.get_table_names()
ok(f"get_table_names {insp.get_table_names()}")
# Only public's views: information_schema is not on the search_path (pg_table_is_visible is false).
assert insp.get_view_names() == ["sa_cheap"], insp.get_view_names()
ok(f"get_view_names {insp.get_view_names()}")
assert "sa_stats" in insp.get_materialized_view_names(), insp.get_materialized_view_names()
ok(f"get_materialized_view_names {insp.get_materialized_view_names()}")
cols = insp.get_columns("sa_items")
assert [(c["name"], str(c["type"]), c["nullable"]) for c in cols] == [("id", "INTEGER", False), ("name", "TEXT", False), ("price", "NUMERIC(8, 2)", True)], cols
ok("get_columns sa_items")
mv_cols = insp.get_columns("sa_stats")
assert [c["name"] for c in mv_cols] == ["n", "total"], mv_cols
ok("get_columns of a materialized view")
pk = insp.get_pk_constraint("sa_items")
assert pk["constrained_columns"] == ["id"], pk
ok(f"get_pk_constraint {pk}")
assert insp.get_foreign_keys("sa_items") == []
ok("get_foreign_keys")
idx = insp.get_indexes("sa_items")
assert isinstance(idx, list), idx
ok(f"get_indexes {idx}")
