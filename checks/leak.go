package checks

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Leak is one piece of server internals found in a response body.
type Leak struct {
	Kind    string // stable short id, e.g. "python-traceback"
	What    string // human description, e.g. "Python traceback"
	Excerpt string // from the match to the end of its line; one line of valid UTF-8, at most 120 bytes
	Offset  int    // byte offset of the match in the body
}

// leakMaxExcerpt caps Leak.Excerpt so reports stay one readable line.
const leakMaxExcerpt = 120

// FindLeaks scans body for leaked internals (stack traces, debug pages, SQL
// errors, source paths) and returns them in order of Offset, at most one per
// Kind. It runs in time linear in len(body), accepts arbitrary bytes and never
// panics.
func FindLeaks(body []byte) []Leak {
	var pairs leakPairSet
	pairs.fill(body)
	var leaks []Leak
	rules := leakRules()
	for i := range rules {
		r := &rules[i]
		start, end := r.find(body, &pairs)
		if start < 0 {
			continue
		}
		leaks = append(leaks, Leak{Kind: r.kind, What: r.what, Excerpt: leakExcerpt(body, start, end), Offset: start})
	}
	// Stable, so ties keep rule order and output stays deterministic.
	slices.SortStableFunc(leaks, func(a, b Leak) int { return a.Offset - b.Offset })
	return leaks
}

// leakPattern is one regexp of a rule. The regexp runs only when the body
// contains one of tokens: token checks are far cheaper than any regexp, so
// typical clean bodies cost next to nothing.
type leakPattern struct {
	tokens [][]byte
	re     *regexp.Regexp
}

// leakRule is one leak kind. The leak offset is the start of submatch 1 when
// the regexp has one (Go regexps have no look-behind, so patterns consume a
// leading delimiter outside the group) and of the whole match otherwise.
type leakRule struct {
	kind, what string
	pats       []leakPattern
	// reject, if set, discards a match by its context.
	reject func(body []byte, start int) bool
	// scan, if set, replaces pats for rules a regexp alone cannot do cheaply.
	scan func(body []byte) (start, end int)
}

// leakMaxCandidates bounds how many matches per pattern reject may discard.
const leakMaxCandidates = 32

// find returns the span of the rule's earliest match, or -1, -1.
func (r *leakRule) find(body []byte, pairs *leakPairSet) (start, end int) {
	if r.scan != nil {
		return r.scan(body)
	}
	start, end = -1, -1
	for _, p := range r.pats {
		if !leakContainsAny(body, pairs, p.tokens) {
			continue
		}
		s, e := r.first(p.re, body)
		if s >= 0 && (start < 0 || s < start) {
			start, end = s, e
		}
	}
	return start, end
}

func (r *leakRule) first(re *regexp.Regexp, body []byte) (start, end int) {
	n := 1
	if r.reject != nil {
		n = leakMaxCandidates
	}
	for _, m := range re.FindAllSubmatchIndex(body, n) {
		s, e := m[0], m[1]
		if len(m) > 2 && m[2] >= 0 {
			s, e = m[2], m[3]
		}
		if r.reject == nil || !r.reject(body, s) {
			return s, e
		}
	}
	return -1, -1
}

func leakContainsAny(body []byte, pairs *leakPairSet, tokens [][]byte) bool {
	for _, t := range tokens {
		if pairs.mayContain(t) && bytes.Contains(body, t) {
			return true
		}
	}
	return false
}

// leakPairSet records which adjacent byte pairs occur in a body. Filling it is
// one pass; afterwards most tokens are ruled out by a few bit tests, which
// beats ~150 bytes.Contains scans on both small and 1 MiB bodies.
type leakPairSet [1 << 16 / 64]uint64

func (ps *leakPairSet) fill(b []byte) {
	for i := 1; i < len(b); i++ {
		k := uint(b[i-1])<<8 | uint(b[i])
		ps[k/64] |= 1 << (k % 64)
	}
}

// mayContain is false when t surely does not occur in the body.
func (ps *leakPairSet) mayContain(t []byte) bool {
	for i := 1; i < len(t); i++ {
		k := uint(t[i-1])<<8 | uint(t[i])
		if ps[k/64]&(1<<(k%64)) == 0 {
			return false
		}
	}
	return true
}

// leakExcerpt renders body[start:] up to the end of the match's line, capped
// at leakMaxExcerpt bytes, as one line of valid UTF-8 with whitespace runs
// and control bytes collapsed to single spaces.
func leakExcerpt(body []byte, start, end int) string {
	limit := min(len(body), start+leakMaxExcerpt)
	if end < limit {
		if i := bytes.IndexAny(body[end:limit], "\r\n"); i >= 0 {
			limit = end + i
		}
	}
	var b strings.Builder
	space := false
	for i := start; i < limit; {
		r, size := utf8.DecodeRune(body[i:limit])
		i += size
		if r < 0x20 || r == 0x7f || r == ' ' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			if b.Len()+1 > leakMaxExcerpt {
				break
			}
			b.WriteByte(' ')
		}
		space = false
		// DecodeRune reports invalid bytes as RuneError, which writes as U+FFFD.
		if b.Len()+utf8.RuneLen(r) > leakMaxExcerpt {
			break
		}
		b.WriteRune(r)
	}
	return b.String()
}

// leakPat compiles re once at package init; tokens gate it (see leakPattern).
func leakPat(re string, tokens ...string) leakPattern {
	p := leakPattern{re: regexp.MustCompile(re)}
	for _, t := range tokens {
		p.tokens = append(p.tokens, []byte(t))
	}
	return p
}

// Shared fragments. leakQuote and leakNL match a quote and a newline that may
// be JSON-escaped, since traces are often embedded in JSON strings.
const (
	leakQuote = `\\?"`
	leakNL    = `(?:\r?\n|(?:\\r)?\\n)`
	// leakSrcExt is the source-file extensions that identify code paths.
	leakSrcExt = `(?:py|pyx|java|go|js|mjs|cjs|ts|mts|cts|jsx|tsx|rb|erb|php|phtml|cs|cshtml|vb|kt|kts|scala|groovy|jsp|ex|exs|rs|swift|pl|pm|lua|dart|clj)`
	// leakFSRoot is top-level directories that are filesystems, not URL routes.
	leakFSRoot = `(?:home|usr|var|opt|srv|app|src|tmp|Users|root|build|builds|workspace|workspaces|go|code|data|mnt|private|deploy|project|projects|runner|snap|nix|Library)`
)

// leakRules lists every detector in a fixed order, which is also the tie
// order for leaks at the same offset. Compiled on first use, once per
// process: commands that judge nothing do not pay for the regexes.
var leakRules = sync.OnceValue(func() []leakRule {
	return []leakRule{
		{kind: "python-traceback", what: "Python traceback", pats: []leakPattern{
			leakPat(`Traceback (?:<em>)?\(most recent call last\)`, "Traceback"),
			leakPat(`File `+leakQuote+`[^"\r\n]+`+leakQuote+`, line \d+`, `File "`, `File \"`),
		}},
		{kind: "werkzeug-debugger", what: "Werkzeug interactive debugger page", pats: []leakPattern{
			leakPat(`Werkzeug Debugger|__debugger__=yes|The debugger caught an exception in your WSGI application`,
				"Werkzeug", "__debugger__", "debugger caught"),
		}},
		{kind: "django-debug", what: "Django DEBUG=True error page", pats: []leakPattern{
			leakPat(`DEBUG = True(?:</code>)?\s+in\s+your\s+Django\s+settings\s+file|Django Version:|Python Executable:|Using the URLconf defined in (?:<code>)?[\w.]+`,
				"Django", "Python Executable", "URLconf"),
		}},
		{kind: "java-stacktrace", what: "Java/JVM stack trace", reject: leakAfterWord, pats: []leakPattern{
			leakPat(`at (?:[\w$.@-]*/)*(?:[A-Za-z_$][\w$]*\.)+[\w$<>-]+\((?:[\w$-]+\.(?:java|kt|kts|scala|groovy|clj):\d+|Native Method|Unknown Source)\)`,
				".java:", ".kt:", ".kts:", ".scala:", ".groovy:", ".clj:", "Native Method", "Unknown Source"),
			leakPat(`Caused by: (?:[\w$]+\.)+[\w$]*(?:Exception|Error|Throwable)\b`, "Caused by: "),
			leakPat(`\b(?:java|javax|jakarta|kotlin)\.(?:[a-z_]\w*\.)*[A-Z]\w*(?:Exception|Error)\b`, "java.", "javax.", "jakarta.", "kotlin."),
			leakPat(`\borg\.(?:springframework|apache|eclipse\.jetty|glassfish)\.(?:[a-z_]\w*\.)+[A-Z]\w*(?:Exception|Error)\b`, "org."),
			leakPat(`Exception in thread "[^"\r\n]*"`, "Exception in thread"),
		}},
		{kind: "spring-whitelabel", what: "Spring Boot Whitelabel error page", pats: []leakPattern{
			leakPat(`Whitelabel Error Page|This application has no explicit mapping for /error`, "Whitelabel", "no explicit mapping"),
		}},
		{kind: "go-panic", what: "Go panic or goroutine trace", pats: []leakPattern{
			leakPat(`goroutine \d+ \[[\w ,]+\]:`, "goroutine "),
			// At line start only: "don't panic: ..." in prose is not a panic.
			leakPat(`(?:^|`+leakNL+`)(panic: \S)`, "panic: "),
			leakPat(`\bruntime error: (?:invalid memory address|index out of range|slice bounds out of range|integer divide by zero|makeslice)`, "runtime error: "),
			leakPat(`\.go:\d+ \+0x[0-9a-f]+`, ".go:"),
		}},
		{kind: "node-stacktrace", what: "Node.js stack trace", reject: leakAfterWord, pats: []leakPattern{
			leakPat(`at (?:(?:new |async )?[^\s()]+ (?:\[as [^\]\s]+\] )?\()?(?:file://|webpack-internal:///)?(?:\.?/|[A-Za-z]:\\)[^\s():]+\.(?:[cm]?js|[cm]?ts|jsx|tsx):\d+:\d+\b`,
				".js:", ".mjs:", ".cjs:", ".ts:", ".mts:", ".cts:", ".jsx:", ".tsx:"),
			leakPat(`\bnode:internal/[\w/]+`, "node:internal/"),
			leakPat(`\(internal/(?:modules|process|timers|main|streams)/[\w/]+\.js:\d+:\d+\)`, "(internal/"),
		}},
		{kind: "express-stacktrace", what: "Express default error page with stack", pats: []leakPattern{
			leakPat(`&nbsp;at [^<\r\n]+:\d+:\d+`, "&nbsp;at "),
			leakPat(`node_modules/express/lib/`, "node_modules/express/"),
		}},
		{kind: "dotnet-stacktrace", what: ".NET stack trace or exception type", reject: leakAfterWord, pats: []leakPattern{
			leakPat(`at [^\s()]+\([^()\r\n]*\) in [^\r\n]+?:line \d+`, ":line "),
			leakPat("at (?:System|Microsoft)\\.[\\w.`<>$]+(?:\\[[^\\]\\r\\n]*\\])?\\([^()\\r\\n]*\\)", "at System.", "at Microsoft."),
			leakPat(`\bSystem\.(?:[A-Z]\w*\.)*\w*Exception\b`, "System."),
			leakPat(`--- End of (?:inner exception )?stack trace`, "--- End of"),
		}},
		{kind: "aspnet-error-page", what: "ASP.NET error page", pats: []leakPattern{
			leakPat(`Server Error in '[^'\r\n]*' Application|An unhandled exception occurred (?:during the execution of the current web request|while processing the request)|ASP\.NET Version:\s*\d|Microsoft \.NET Framework Version:\s*\d`,
				"Server Error in", "unhandled exception occurred", "Version:"),
		}},
		{kind: "php-error", what: "PHP error or stack trace", pats: []leakPattern{
			leakPat(`(?:Fatal error|Parse error|Warning|Notice|Deprecated|Recoverable fatal error)(?:</b>)?:\s{1,4}[^\r\n]+? in (?:<b>)?(?:/|[A-Za-z]:\\)[^\s<>"']+\.(?:php|phtml|inc)(?:</b>)?(?::\d+| on line (?:<b>)?\d+)`,
				".php", ".phtml", ".inc"),
			leakPat(`(?:/|[A-Za-z]:\\)[^\s<>"']+\.(?:php|phtml|inc)(?:</b>)? on line (?:<b>)?\d+`, " on line "),
			// Laravel and Symfony debug JSON: {"file":"...php","line":31}.
			leakPat(`\.php"\s*,\s*"line"\s*:\s*\d`, `.php"`),
			leakPat(`PHP (?:Fatal error|Parse error|Warning|Notice|Deprecated):`, "PHP "),
			leakPat(`Stack trace:(?:\s|<br ?/?>|\\n){1,10}#0 `, "Stack trace:"),
			leakPat(`xdebug-error|Whoops! There was an error|Whoops\\{1,2}(?:Run|Handler)|filp/whoops`, "xdebug-error", "Whoops"),
			leakPat(`\b(?:Symfony\\{1,2}Component|Illuminate)\\{1,2}[\w\\]+(?:Exception|Error)\b`, "Symfony\\", "Illuminate\\"),
		}},
		{kind: "ruby-backtrace", what: "Ruby backtrace", pats: []leakPattern{
			leakPat(`[\w./-]+\.rb:\d+:in [`+"`"+`'][^'\r\n]+'`, ".rb:"),
			leakPat(`undefined (?:local variable or )?method [`+"`"+`'][^'\r\n]+' for (?:nil\b|an instance of|#<|[A-Z]\w*(?:::\w+)*:Class)`, "undefined "),
			leakPat(`\b(?:ActionController|ActionView|ActionDispatch|ActiveRecord|ActiveModel|ActiveSupport)::[A-Z]\w*`, "Action", "Active"),
		}},
		{kind: "rails-error-page", what: "Rails development error page", pats: []leakPattern{
			leakPat(`Action Controller: Exception caught|Rails\.root: |Application Trace \| Framework Trace \| Full Trace`,
				"Action Controller", "Rails.root", "Framework Trace"),
		}},
		{kind: "sql-error", what: "SQL/database error message", pats: leakSQLPatterns()},
		{kind: "file-path", what: "absolute source file path", scan: leakFindFilePath},
	}
})

// leakSQLPatterns are database driver and ORM error messages, by vendor.
func leakSQLPatterns() []leakPattern {
	return []leakPattern{
		// PostgreSQL and its drivers.
		leakPat(`syntax error at (?:or near|end of input)`, "syntax error at"),
		leakPat(`\bPG::[A-Z]\w+`, "PG::"),
		leakPat(`\bpsycopg2?\.(?:errors\.)?[A-Z]\w*`, "psycopg"),
		leakPat(`(?:ERROR:\s+|pq: )?\b(?:relation|column|function|schema|type) `+leakQuote+`[^"\r\n]+`+leakQuote+` (?:of relation `+leakQuote+`[^"\r\n]+`+leakQuote+` )?does not exist`, "does not exist"),
		leakPat(`duplicate key value violates unique constraint|violates (?:not-null|foreign key|check) constraint|current transaction is aborted, commands ignored`, "violates", "transaction is aborted"),
		leakPat(`SQLSTATE(?:\[| )[0-9A-Z]{5}`, "SQLSTATE"),
		leakPat(`\borg\.postgresql\.\w`, "org.postgresql"),
		// MySQL and MariaDB.
		leakPat(`You have an error in your SQL syntax|right syntax to use near|corresponds to your (?:MySQL|MariaDB) server version`, "SQL syntax", "syntax to use near", "server version"),
		leakPat(`Unknown column '[^'\r\n]+' in '|Table '[^'\r\n]+' doesn't exist|Duplicate entry '[^'\r\n]*' for key`, "Unknown column", "doesn't exist", "Duplicate entry"),
		leakPat(`\bError [1-4]\d{3} \([0-9A-Z]{5}\): `, "Error "),
		leakPat(`\bER_[A-Z_]{4,}: `, "ER_"),
		leakPat(`\bmysqli?_[a-z_]+\(|\bcom\.mysql\.(?:cj\.)?jdbc\b|\bMySQLSyntaxErrorException\b`, "mysql", "MySQL"),
		// SQLite.
		leakPat(`\bsqlite3\.(?:Operational|Integrity|Programming|Database|Interface|Data)Error\b|\bSQLite3::\w+Exception\b|\bSQLiteException\b`, "sqlite3.", "SQLite"),
		leakPat(`\bSQLITE_(?:ERROR|CONSTRAINT\w*|BUSY|LOCKED|MISMATCH|READONLY|CORRUPT|CANTOPEN|IOERR\w*)\b`, "SQLITE_"),
		leakPat(`\bno such (?:table|column): [\w.]+|near `+leakQuote+`[^"\r\n]+`+leakQuote+`: syntax error`, "no such ", "syntax error"),
		// Oracle.
		leakPat(`\b(?:ORA|PLS)-\d{5}\b|\boracle\.jdbc\.`, "ORA-", "PLS-", "oracle.jdbc"),
		// SQL Server.
		leakPat(`Unclosed quotation mark after the character string|Incorrect syntax near |Microsoft OLE DB Provider for |\[Microsoft\]\[ODBC |\bSqlClient\.SqlException\b|\bmssql_[a-z_]+\(|\bMsg \d+, Level \d+, State \d+`,
			"Unclosed quotation", "Incorrect syntax near", "OLE DB Provider", "[Microsoft]", "SqlClient", "mssql_", "Msg "),
		// ORMs and query builders.
		leakPat(`\bSequelize[A-Z]?\w*Error\b`, "Sequelize"),
		leakPat(`\borg\.hibernate\.[\w.]+`, "org.hibernate."),
		leakPat(`\bsqlalchemy\.(?:orm\.)?exc\.\w+|sqlalche\.me/e/`, "sqlalchemy.", "sqlalche.me"),
		leakPat(`\bActiveRecord::(?:StatementInvalid|RecordNotUnique|InvalidForeignKey|NotNullViolation|ConnectionNotEstablished)\b`, "ActiveRecord::"),
		leakPat(`\bdjango\.db\.utils\.\w+|\bQueryFailedError\b|\bPrismaClient\w*Error\b|\bDoctrine\\{1,2}DBAL\b|\bjava\.sql\.SQL\w*Exception\b`,
			"django.db", "QueryFailedError", "PrismaClient", "Doctrine", "java.sql."),
		leakPat(`[(\[]SQL: (?:SELECT|INSERT|UPDATE|DELETE|select|insert|update|delete) `, "SQL: "),
	}
}

var (
	// leakUnixPath matches a path at the start of its input: 2+ segments, a
	// source extension, then (group 2) an optional line-number suffix.
	leakUnixPath = regexp.MustCompile(`^(\\?/(?:[\w.@+~-]+\\?/)+[\w.@+~-]+\.` + leakSrcExt + `)\b(:\d+|` + leakQuote + `, line \d+|\(\d+\)| on line \d+|:line \d+)?`)
	leakWinPath  = regexp.MustCompile(`\b[A-Za-z]:\\{1,2}(?:[\w .()@+~$-]+\\{1,2})+[\w.()@+~$-]+\.[A-Za-z0-9]{1,8}\b`)
	leakFSRoots  = leakRootSet()
)

func leakRootSet() map[string]bool {
	set := map[string]bool{}
	for _, r := range strings.Split(strings.Trim(leakFSRoot, "(?:)"), "|") {
		set[r] = true
	}
	return set
}

// leakFindFilePath finds the first absolute source path. A regexp over the
// whole body is slow here ("/" is everywhere in JSON with URLs), so it visits
// each "/" that starts a token and only then runs the anchored leakUnixPath.
// Unix paths need a well-known root (/usr, /app, ...) or a line suffix, so
// request paths such as /static/app.js are not reported.
func leakFindFilePath(body []byte) (start, end int) {
	start, end = -1, -1
	if bytes.Contains(body, []byte(`:\`)) {
		for _, m := range leakWinPath.FindAllIndex(body, leakMaxCandidates) {
			if !leakNotFilePath(body, m[0]) {
				start, end = m[0], m[1]
				break
			}
		}
	}
	for i := 0; ; i++ {
		j := bytes.IndexByte(body[i:], '/')
		if j < 0 || start >= 0 && i+j > start {
			return start, end
		}
		i += j
		if i+1 >= len(body) || !leakIsPathByte(body[i+1]) || body[i+1] == '/' {
			continue // cheap reject of "/", "//" and "/ " before any regexp work
		}
		s := i
		if s > 0 && body[s-1] == '\\' { // JSON-escaped "\/"
			s--
		}
		if leakNotFilePath(body, s) {
			continue
		}
		m := leakUnixPath.FindSubmatchIndex(body[s:min(len(body), s+4096)])
		if m != nil && (m[4] >= 0 || leakFSRoots[leakFirstSegment(body[s:])]) {
			return s, s + m[1]
		}
	}
}

// leakFirstSegment returns "usr" for "/usr/lib/x.py" and for `\/usr\/lib`.
func leakFirstSegment(p []byte) string {
	p = bytes.TrimLeft(p, `\/`)
	if k := bytes.IndexAny(p, `\/`); k >= 0 {
		return string(p[:k])
	}
	return ""
}

// leakURLContexts precede request paths that servers echo back ("Cannot GET
// /app/x.js", Spring's "path" field), which look like filesystem paths.
var leakURLContexts = [][]byte{
	[]byte("GET "), []byte("HEAD "), []byte("POST "), []byte("PUT "), []byte("PATCH "),
	[]byte("DELETE "), []byte("OPTIONS "), []byte("URL "), []byte("url "),
	[]byte(`"path":"`), []byte(`"path": "`), []byte(`"instance":"`), []byte(`"instance": "`),
	[]byte(`"url":"`), []byte(`"url": "`), []byte(`"uri":"`), []byte(`"uri": "`),
	[]byte(`"route":"`), []byte(`"route": "`), []byte(`href="`), []byte(`src="`), []byte(`action="`),
}

// leakNotFilePath reports whether the path match at start is really part of
// a longer token (a URL such as "https://host/app/x.js") or an echoed
// request path.
func leakNotFilePath(body []byte, start int) bool {
	if start > 0 && leakIsPathByte(body[start-1]) {
		return true
	}
	pre := body[max(0, start-16):start]
	for _, c := range leakURLContexts {
		if bytes.HasSuffix(pre, c) {
			return true
		}
	}
	return false
}

// leakAfterWord reports whether the match at start continues a word ("format
// (" is no "at" frame) instead of starting one. Go regexps lose their fast
// literal-prefix scan with a leading \b, so frame patterns check this here.
// A JSON escape ("\tat com.x.Y...") still starts a word.
func leakAfterWord(body []byte, start int) bool {
	if start == 0 || !leakIsWordByte(body[start-1]) {
		return false
	}
	return start < 2 || body[start-2] != '\\' || strings.IndexByte("tnr", body[start-1]) < 0
}

func leakIsWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// leakIsPathByte reports whether c can be part of a URL or path token, so a
// path preceded by it is a fragment of something longer.
func leakIsPathByte(c byte) bool {
	return leakIsWordByte(c) || strings.IndexByte("/.:~%@+-\\", c) >= 0
}
