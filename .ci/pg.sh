#!/usr/bin/env bash
# A throwaway PostgreSQL for dutydesk's tests, on loopback only.
#
#   eval "$(bash .ci/pg.sh start)"; trap 'bash .ci/pg.sh stop' EXIT
#
# start  installs PostgreSQL from Debian's packages if initdb/pg_ctl are
#        missing, creates a fresh cluster in $DUTYDESK_PG_DIR (default
#        /tmp/dutydesk-pg) owned by a non-root user, starts it on 127.0.0.1
#        (port $DUTYDESK_PG_PORT, default 55432, or the next free one) with
#        trust authentication, creates role and database "dutydesk", and prints
#        export lines for DUTYDESK_PG and DUTYDESK_PG_DIR. Idempotent: if the
#        cluster is already running it only prints the lines again.
# stop   stops the cluster and removes its directory; nothing running is fine.
# status says whether it runs (exit 0) or not (exit 1).
#
# Only the export lines go to stdout, so that eval sees nothing else.
# The cluster keeps fsync on, so that benchmark figures mean something.
set -euo pipefail

dir=${DUTYDESK_PG_DIR:-/tmp/dutydesk-pg}
want_port=${DUTYDESK_PG_PORT:-55432}
role=dutydesk
db=dutydesk

log() { printf 'pg.sh: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

# bindir finds initdb/pg_ctl: on PATH, else the newest Debian install.
bindir() {
	if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
		dirname "$(readlink -f "$(command -v pg_ctl)")"
		return
	fi
	local d
	d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
	if [[ -n $d && -x $d/initdb && -x $d/pg_ctl ]]; then
		echo "$d"
	fi
}

install_pg() {
	[[ $(id -u) -eq 0 ]] || die "PostgreSQL is not installed and I am not root: install the 'postgresql' package"
	log "installing PostgreSQL from Debian's packages"
	export DEBIAN_FRONTEND=noninteractive
	if ! apt-get install -y --no-install-recommends postgresql >&2; then
		apt-get update >&2
		apt-get install -y --no-install-recommends postgresql >&2
	fi
}

# as_owner runs a command as the cluster's owner: postgres when we are root,
# because PostgreSQL refuses to run as root.
as_owner() {
	if [[ $(id -u) -eq 0 ]]; then
		if command -v runuser >/dev/null 2>&1; then
			runuser -u postgres -- "$@"
		else
			su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
		fi
	else
		"$@"
	fi
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

running() {
	local bin=$1
	[[ -f $dir/data/PG_VERSION ]] && as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

print_env() {
	local port
	port=$(cat "$dir/port")
	echo "export DUTYDESK_PG='postgres://$role@127.0.0.1:$port/$db?sslmode=disable'"
	echo "export DUTYDESK_PG_DIR='$dir'"
}

start() {
	local bin
	bin=$(bindir)
	if [[ -z $bin ]]; then
		install_pg
		bin=$(bindir)
		[[ -n $bin ]] || die "installed postgresql but found no initdb under /usr/lib/postgresql/*/bin"
	fi
	if running "$bin"; then
		log "already running in $dir"
		print_env
		return
	fi
	if [[ $(id -u) -eq 0 ]] && ! getent passwd postgres >/dev/null; then
		useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin postgres
	fi
	# A stale directory from a crash: the cluster is throwaway, start afresh.
	rm -rf "$dir"
	mkdir -p "$dir"
	chmod 700 "$dir"
	if [[ $(id -u) -eq 0 ]]; then chown postgres: "$dir"; fi

	local port=$want_port
	while port_busy "$port"; do
		port=$((port + 1))
		((port < want_port + 50)) || die "no free port in $want_port..$port"
	done
	as_owner sh -c "echo $port >'$dir/port'"

	log "initialising a cluster in $dir with $bin"
	as_owner "$bin/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C \
		--auth-local=trust --auth-host=trust >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; die "initdb failed"; }
	log "starting on 127.0.0.1:$port"
	as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200" start >&2 ||
		{ cat "$dir/server.log" >&2; die "the server did not start"; }

	as_owner "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres >&2 <<SQL
CREATE ROLE $role LOGIN CREATEDB;
CREATE DATABASE $db OWNER $role;
SQL
	print_env
}

stop() {
	local bin
	bin=$(bindir)
	if [[ -n $bin ]] && running "$bin"; then
		log "stopping the cluster in $dir"
		as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
	fi
	rm -rf "$dir"
}

case ${1:-} in
start) start ;;
stop) stop ;;
status)
	bin=$(bindir)
	[[ -n $bin ]] && running "$bin" && { log "running in $dir"; print_env; exit 0; }
	log "not running"
	exit 1
	;;
*) die "usage: pg.sh start|stop|status" ;;
esac
