"""Apache Superset against a live Strom view (issue 4 §4), run by scripts/superset-check.sh with the
Superset venv: adds the database (SQLAlchemy's postgresql dialect over psycopg2), lists the
materialized views and their columns as Superset's dataset editor does, and runs a chart query
(time bucket from Superset's Postgres engine spec, GROUP BY, ORDER BY, LIMIT) before and after
INSERT + FLUSH. Usage: python superset_check.py PORT
"""
import sys

from superset.app import create_app

PORT = sys.argv[1]
URI = f"postgresql+psycopg2://strom@127.0.0.1:{PORT}/strom"

app = create_app()
with app.app_context():
    from sqlalchemy import text
    from superset import db
    from superset.db_engine_specs.postgres import PostgresEngineSpec
    from superset.models.core import Database

    database = db.session.query(Database).filter_by(database_name="strom").one_or_none()
    if database is None:
        database = Database(database_name="strom", sqlalchemy_uri=URI)
        db.session.add(database)
    database.set_sqlalchemy_uri(URI)
    db.session.commit()
    print("added database:", database.database_name, database.sqlalchemy_uri_decrypted)

    with database.get_sqla_engine() as engine, engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        for sql in [
            "CREATE TABLE IF NOT EXISTS ss_clicks (id BIGINT PRIMARY KEY, page TEXT, at TIMESTAMP)",
            "CREATE MATERIALIZED VIEW IF NOT EXISTS ss_page_minutes AS SELECT page, at, count(*) AS hits FROM ss_clicks GROUP BY page, at",
            "INSERT INTO ss_clicks VALUES (1, '/a', '2024-05-01 10:00:05'), (2, '/a', '2024-05-01 10:00:40'), (3, '/b', '2024-05-01 10:01:10') ON CONFLICT (id) DO NOTHING",
            "FLUSH",
        ]:
            conn.execute(text(sql))

    with database.get_inspector() as insp:
        print("schemas:", insp.get_schema_names())
        # Superset 6.1 runs SQLAlchemy 1.4, whose PostgreSQL get_view_names lists plain and
        # materialized views (include=("plain", "materialized")), as Superset's dataset editor shows.
        mvs = insp.get_view_names("public", include=("materialized",))
        print("materialized views:", mvs)
        print("views (plain and materialized):", insp.get_view_names("public"))
        for mv in mvs:
            print(f"  columns of {mv}:", [(c["name"], str(c["type"])) for c in insp.get_columns(mv, "public")])

    bucket = PostgresEngineSpec._time_grain_expressions["PT1M"].format(col="at")
    chart_sql = (
        f"SELECT {bucket} AS __timestamp, page, sum(hits) AS hits FROM ss_page_minutes "
        "GROUP BY __timestamp, page ORDER BY hits DESC, __timestamp LIMIT 10"
    )
    print("chart query:", chart_sql)
    print(database.get_df(chart_sql, schema="public").to_string())
    with database.get_sqla_engine() as engine, engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.execute(text("INSERT INTO ss_clicks VALUES (4, '/b', '2024-05-01 10:01:30') ON CONFLICT (id) DO NOTHING"))
        conn.execute(text("FLUSH"))
    print("after INSERT + FLUSH:")
    print(database.get_df(chart_sql, schema="public").to_string())
