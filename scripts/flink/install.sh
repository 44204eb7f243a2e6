#!/usr/bin/env bash
# Installs apache-flink (PyFlink: a local mini-cluster in a JVM) from PyPI into .cache/flink-venv,
# once. Flink 1.20 runs on Java 11 and 17; JAVA_HOME is pointed at a Java 17 JDK if unset.
# Usage: scripts/flink/install.sh  (prints the venv's python path on success)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/.cache/flink-venv"
version="${FLINK_VERSION:-1.20.3}"
if [ -f "$venv/.installed-$version" ]; then
  echo "$venv/bin/python"
  exit 0
fi
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --upgrade pip >&2
"$venv/bin/pip" install --quiet "apache-flink==$version" >&2
touch "$venv/.installed-$version"
echo "$venv/bin/python"
