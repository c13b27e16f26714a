#!/usr/bin/env bash
# Start the local PostgreSQL cluster and create the test role and database (idempotent).
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "PostgreSQL chưa được cài; bỏ qua (các kiểm thử PostgreSQL sẽ bị bỏ qua khi chạy cục bộ)." >&2
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Cần quyền root để khởi động PostgreSQL." >&2
  exit 0
fi
version=$(ls /etc/postgresql | sort -n | tail -1)
pg_ctlcluster "$version" main start 2>/dev/null || true
for _ in $(seq 1 30); do
  su postgres -c "pg_isready -q" && break
  sleep 1
done
su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='sokhcn'\"" | grep -q 1 \
  || su postgres -c "psql -qc \"CREATE ROLE sokhcn LOGIN SUPERUSER PASSWORD 'sokhcn'\""
su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='sokhcn_test'\"" | grep -q 1 \
  || su postgres -c "createdb -O sokhcn sokhcn_test"
