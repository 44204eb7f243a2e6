#!/usr/bin/env bash
# Apache Superset against Strom (issue 4 §4); too heavy for CI (a ~300 MB venv, ~3 minutes to install).
# Installs Superset into .cache/superset-venv, starts Strom on a free data directory and port 55440,
# initialises Superset's own metadata (SQLite under .cache/superset-home), then runs
# scripts/superset_check.py: add the database, list materialized views and their columns, run a chart query.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.cache/superset-venv
PORT=${STROM_PORT:-55440}
if ! "$VENV/bin/python" -c 'import superset' >/dev/null 2>&1; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check 'apache-superset==6.1.0' 'flask-caching==2.3.1' 'marshmallow<4' cachetools psycopg2-binary rich
fi
# Flask-Caching 2.4+ passes ignore_delete_many_errors to cache backends, which Superset 6.1's
# SupersetMetastoreCache does not accept (TypeError at app start): keep 2.3.x.
if ! "$VENV/bin/python" -c 'import importlib.metadata as m, sys; sys.exit(m.version("flask-caching") >= "2.4")'; then
  "$VENV/bin/pip" install -q --disable-pip-version-check 'flask-caching==2.3.1'
fi
# Superset 6.1's AWS IAM engine spec imports cachetools without declaring it.
"$VENV/bin/python" -c 'import cachetools' 2>/dev/null || "$VENV/bin/pip" install -q --disable-pip-version-check cachetools
export SUPERSET_HOME="$PWD/.cache/superset-home"
mkdir -p "$SUPERSET_HOME"
cat > "$SUPERSET_HOME/superset_config.py" <<CONF
SECRET_KEY = "strom-superset-check-not-secret"
SQLALCHEMY_DATABASE_URI = "sqlite:///$SUPERSET_HOME/superset.db"
CONF
export SUPERSET_CONFIG_PATH="$SUPERSET_HOME/superset_config.py" FLASK_APP=superset
"$VENV/bin/superset" db upgrade >"$SUPERSET_HOME/db-upgrade.log" 2>&1 || { tail -20 "$SUPERSET_HOME/db-upgrade.log"; exit 1; }

DATA=$(mktemp -d)
# node itself (not npx, whose child would outlive the trap's kill), so the server stops with the script.
node --import tsx server/main.ts --port "$PORT" --data-dir "$DATA" >"$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 50); do grep -q listening "$DATA/server.log" 2>/dev/null && break; sleep 0.2; done
grep -q listening "$DATA/server.log" || { echo "Strom did not start:"; cat "$DATA/server.log"; exit 1; }
"$VENV/bin/python" scripts/superset_check.py "$PORT"
