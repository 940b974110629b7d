//go:build e2e

package e2e

import "testing"

// Real servers from Debian's packages, audited against the descriptions
// their upstreams publish, as a new user would. Each run.sh starts the
// server on the port the harness gives it, with a fresh store.

func TestAlertmanager(t *testing.T) {
	t.Parallel()
	auditTarget(t, target{
		Name:      "alertmanager",
		Dir:       "examples/targets/alertmanager",
		Command:   []string{"sh", "run.sh"},
		Preflight: []string{"sh", "-c", "command -v prometheus-alertmanager"},
		Hint:      "The Alertmanager target needs Debian's prometheus-alertmanager (apt-get install prometheus-alertmanager).",
		ReadyPath: "/-/ready",
	})
}

func TestPowerDNS(t *testing.T) {
	t.Parallel()
	auditTarget(t, target{
		Name:      "powerdns",
		Dir:       "examples/targets/powerdns",
		Command:   []string{"sh", "run.sh"},
		Preflight: []string{"sh", "-c", "command -v pdns_server && command -v sqlite3 && test -f /usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql"},
		Hint:      "The PowerDNS target needs Debian's pdns-server, pdns-backend-sqlite3 and sqlite3 (apt-get install pdns-server pdns-backend-sqlite3 sqlite3).",
		ReadyPath: "/",
	})
}

func TestEtcd(t *testing.T) {
	t.Parallel()
	auditTarget(t, target{
		Name:      "etcd",
		Dir:       "examples/targets/etcd",
		Command:   []string{"sh", "run.sh"},
		Preflight: []string{"sh", "-c", "command -v etcd"},
		Hint:      "The etcd target needs Debian's etcd-server (apt-get install etcd-server).",
		ReadyPath: "/health",
	})
}

// etcd as a new user runs it, without excluding the call that crashes it:
// the crash is a target-crashed finding, the rest is skipped, exit 1.
func TestEtcdNewUser(t *testing.T) {
	t.Parallel()
	auditTarget(t, target{
		Name:      "etcd-new-user",
		Dir:       "examples/targets/etcd",
		Command:   []string{"sh", "run.sh"},
		Preflight: []string{"sh", "-c", "command -v etcd"},
		Hint:      "The etcd target needs Debian's etcd-server (apt-get install etcd-server).",
		ReadyPath: "/health",
	})
}
