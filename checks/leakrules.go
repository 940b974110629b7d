package checks

// The leak detectors: every rule FindLeaks applies, in order, with the
// regexes and the literal tokens that gate them.

import (
	"regexp"
	"sync"
)

// leakPat compiles re (on first use of leakRules, once per process); tokens
// gate it (see leakPattern).
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
