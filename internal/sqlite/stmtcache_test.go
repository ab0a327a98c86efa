package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// openCached opens a migrated store whose connection caches size
// statements, and a table t(x INTEGER PRIMARY KEY, v TEXT UNIQUE) with
// rows 1 to 5.
func openCached(t *testing.T, size int) *DB {
	t.Helper()
	db, err := open(t.Context(), filepath.Join(t.TempDir(), "pk.db"), size)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	exec(t, db.db, `CREATE TABLE t (x INTEGER PRIMARY KEY, v TEXT UNIQUE)`)
	for i := 1; i <= 5; i++ {
		exec(t, db.db, `INSERT INTO t (x, v) VALUES (?, ?)`, i, fmt.Sprint("v", i))
	}
	return db
}

func exec(t *testing.T, x interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}, query string, args ...any) {
	t.Helper()
	if _, err := x.ExecContext(t.Context(), query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// counts reads how many statements db's connections prepared for their
// cache and how many queries found theirs there.
func counts(db *DB) (prepared, hits int64) {
	return db.stmts.prepared.Load(), db.stmts.hits.Load()
}

// countsAll is counts with the statements closed.
func countsAll(db *DB) (prepared, closed, hits int64) {
	return db.stmts.prepared.Load(), db.stmts.closed.Load(), db.stmts.hits.Load()
}

// withConn runs fn on db's connection as the cache sees it.
func withConn(t *testing.T, c *sql.Conn, fn func(sc *stmtConn)) {
	t.Helper()
	err := c.Raw(func(dc any) error {
		sc, ok := dc.(*stmtConn)
		if !ok {
			return fmt.Errorf("driver connection is %T, not *stmtConn", dc)
		}
		fn(sc)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// stmtMemory is the memory SQLite holds for the connection's prepared
// statements (SQLITE_DBSTATUS_STMT_USED).
func stmtMemory(t *testing.T, c *sql.Conn) int {
	t.Helper()
	var n int
	withConn(t, c, func(sc *stmtConn) {
		var err error
		if n, _, err = sc.innerConn.(sqlite.DBStatus).Status(sqlite.DBStatusStmtUsed, false); err != nil {
			t.Fatal(err)
		}
	})
	return n
}

func TestStmtCacheHits(t *testing.T) {
	db := openCached(t, stmtCacheSize)
	ctx := t.Context()
	if err := db.CreatePractice(ctx, &store.Practice{ID: "p1", Name: "P"}); err != nil {
		t.Fatal(err)
	}
	// Warm every statement once, then count what 50 more rounds prepare.
	round := func(i int) {
		t.Helper()
		var v string
		if err := db.db.QueryRowContext(ctx, `SELECT v FROM t WHERE x = ?`, i%5+1).Scan(&v); err != nil || v != fmt.Sprint("v", i%5+1) {
			t.Fatalf("point select %d = %q, %v", i%5+1, v, err)
		}
		exec(t, db.db, `INSERT INTO t (v) VALUES (?)`, fmt.Sprint("round", i))
		if p, err := db.Practice(ctx, "p1"); err != nil || p.Name != "P" {
			t.Fatalf("Practice = %+v, %v", p, err)
		}
	}
	round(0)
	prepared0, hits0 := counts(db)
	for i := 1; i <= 50; i++ {
		round(i)
	}
	prepared, hits := counts(db)
	if prepared != prepared0 {
		t.Errorf("50 rounds of the same queries prepared %d statements, want 0", prepared-prepared0)
	}
	if hits-hits0 < 150 {
		t.Errorf("50 rounds of 3 queries hit the cache %d times, want at least 150", hits-hits0)
	}
	var n int
	if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM t WHERE v LIKE 'round%'`).Scan(&n); err != nil || n != 51 {
		t.Errorf("inserted rows = %d, %v; want 51", n, err)
	}
}

// A loop over rows that runs the same query again must not rebind the
// statement the outer rows are reading.
func TestStmtCacheNestedSameQuery(t *testing.T) {
	db := openCached(t, stmtCacheSize)
	ctx := t.Context()
	const q = `SELECT x, v FROM t WHERE x >= ? ORDER BY x`
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, q, 2)
	if err != nil {
		t.Fatal(err)
	}
	var outer []int
	for rows.Next() {
		var x int
		var v string
		if err := rows.Scan(&x, &v); err != nil {
			t.Fatal(err)
		}
		outer = append(outer, x)
		// The same query, twice, while the outer rows are open.
		for range 2 {
			var ix int
			var iv string
			if err := tx.QueryRowContext(ctx, q, x+1).Scan(&ix, &iv); x < 5 && (err != nil || ix != x+1 || iv != fmt.Sprint("v", x+1)) {
				t.Errorf("inner query from %d = %d %q, %v", x+1, ix, iv, err)
			} else if x == 5 && !errors.Is(err, sql.ErrNoRows) {
				t.Errorf("inner query from 6: %v, want no rows", err)
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	if fmt.Sprint(outer) != "[2 3 4 5]" {
		t.Errorf("outer rows = %v, want [2 3 4 5]", outer)
	}
	// Free again: the next run is a hit.
	prepared, hits := counts(db)
	var v string
	if err := tx.QueryRowContext(ctx, q, 1).Scan(new(int), &v); err != nil || v != "v1" {
		t.Errorf("query after the loop = %q, %v", v, err)
	}
	if p, h := counts(db); p != prepared || h != hits+1 {
		t.Errorf("query after the loop: %d prepared, %d hits; want 0 and 1", p-prepared, h-hits)
	}
}

func TestStmtCacheErrorThenReuse(t *testing.T) {
	db := openCached(t, stmtCacheSize)
	ctx := t.Context()
	const ins = `INSERT INTO t (v) VALUES (?)`
	exec(t, db.db, ins, "a")
	prepared, _ := counts(db)

	// A constraint failure: the statement stays cached and usable.
	_, err := db.db.ExecContext(ctx, ins, "a")
	var se *sqlite.Error
	if !errors.As(err, &se) || se.Code() != sqlite3.SQLITE_CONSTRAINT_UNIQUE {
		t.Fatalf("duplicate insert: %v, want a unique constraint error", err)
	}
	exec(t, db.db, ins, "b")

	// A failure while stepping a query, then the same query succeeds.
	const js = `SELECT json_extract(?, '$.a')`
	if err := db.db.QueryRowContext(ctx, js, `{"a":`).Scan(new(any)); err == nil {
		t.Fatal("malformed JSON: no error")
	}
	var a int
	if err := db.db.QueryRowContext(ctx, js, `{"a":7}`).Scan(&a); err != nil || a != 7 {
		t.Fatalf("json_extract = %d, %v; want 7", a, err)
	}
	if p, _ := counts(db); p != prepared+1 {
		t.Errorf("statements prepared = %d, want 1 (the JSON query; the insert kept its statement)", p-prepared)
	}

	// Too few arguments fails in the driver, not in SQLite: the statement
	// is dropped, and the next use prepares it again.
	const two = `SELECT ? + ?`
	if err := db.db.QueryRowContext(ctx, two, 1).Scan(new(int)); err == nil {
		t.Fatal("one argument for two: no error")
	}
	var sum int
	if err := db.db.QueryRowContext(ctx, two, 1, 2).Scan(&sum); err != nil || sum != 3 {
		t.Fatalf("1 + 2 = %d, %v", sum, err)
	}
	if err := db.db.QueryRowContext(ctx, two, 3, 4).Scan(&sum); err != nil || sum != 7 {
		t.Fatalf("3 + 4 = %d, %v", sum, err)
	}

	var n int
	if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM t WHERE v IN ('a', 'b')`).Scan(&n); err != nil || n != 2 {
		t.Errorf("rows a and b = %d, %v; want 2", n, err)
	}
}

// slowCount counts to ? with a recursive query: long enough to cancel.
const slowCount = `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT ?) SELECT count(*) FROM c`

func TestStmtCacheCancel(t *testing.T) {
	db := openCached(t, stmtCacheSize)
	c, err := db.db.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, how := range []string{"query", "exec"} {
		t.Run(how, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
			defer cancel()
			var err error
			if how == "query" {
				err = c.QueryRowContext(ctx, slowCount, int64(1e12)).Scan(new(int))
			} else {
				_, err = c.ExecContext(ctx, slowCount, int64(1e12))
			}
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("cancelled count: %v, want the deadline", err)
			}
			// The same statement, on the same connection, runs to the end.
			var n int
			if err := c.QueryRowContext(t.Context(), slowCount, 1000).Scan(&n); err != nil || n != 1000 {
				t.Fatalf("count to 1000 after a cancel = %d, %v", n, err)
			}
			if _, err := c.ExecContext(t.Context(), slowCount, 10); err != nil {
				t.Fatalf("exec after a cancel: %v", err)
			}
		})
	}

	// Cancelled while reading rows: database/sql closes them, which frees
	// the statement.
	const rowsQuery = `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT ?) SELECT x FROM c`
	ctx, cancel := context.WithCancel(t.Context())
	rows, err := c.QueryContext(ctx, rowsQuery, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if !rows.Next() {
			t.Fatalf("rows ended early: %v", rows.Err())
		}
	}
	cancel()
	for rows.Next() {
	}
	rows.Close()
	var n int
	rows, err = c.QueryContext(t.Context(), rowsQuery, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		n++
	}
	if err := rows.Err(); err != nil || n != 1000 {
		t.Errorf("rows after a cancel = %d, %v; want 1000", n, err)
	}
	rows.Close()
}

func TestStmtCacheEviction(t *testing.T) {
	db := openCached(t, 2)
	ctx := t.Context()
	c, err := db.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	q := func(i int) {
		t.Helper()
		var x int
		if err := c.QueryRowContext(ctx, fmt.Sprintf(`SELECT %d + x FROM t WHERE x = 1`, i)).Scan(&x); err != nil || x != i+1 {
			t.Fatalf("query %d = %d, %v", i, x, err)
		}
	}
	prepared := func() int64 { p, _ := counts(db); return p }

	q(1)
	q(2)
	q(3) // evicts 1
	p := prepared()
	q(2) // a hit, now the most recently used
	if got := prepared() - p; got != 0 {
		t.Errorf("query 2 again prepared %d, want 0", got)
	}
	q(1) // evicts 3, the least recently used
	q(2)
	if got := prepared() - p; got != 1 {
		t.Errorf("query 1 after its eviction, then 2: prepared %d, want 1", got)
	}
	q(3)
	if got := prepared() - p; got != 2 {
		t.Errorf("query 3 after its eviction: prepared %d, want 2", got)
	}

	// Evicted statements are closed: SQLite's statement memory does not
	// grow with the number of distinct queries.
	for i := 10; i < 20; i++ {
		q(i)
	}
	after10 := stmtMemory(t, c)
	for i := 20; i < 220; i++ {
		q(i)
	}
	if after210 := stmtMemory(t, c); after210 > after10+after10/2 {
		t.Errorf("statement memory after 10 distinct queries %d B, after 210 %d B: evicted statements stay open", after10, after210)
	}
	withConn(t, c, func(sc *stmtConn) {
		if sc.lru.Len() != 2 || len(sc.byQuery) != 2 {
			t.Errorf("cache holds %d statements (%d keys), want 2", sc.lru.Len(), len(sc.byQuery))
		}
	})

	// A statement evicted while its rows are open keeps working and is
	// closed with the rows.
	base := stmtMemory(t, c)
	rows, err := c.QueryContext(ctx, `SELECT x FROM t ORDER BY x`)
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for i := 0; rows.Next(); i++ {
		var x int
		if err := rows.Scan(&x); err != nil {
			t.Fatal(err)
		}
		got = append(got, x)
		q(100 + i) // two of these evict the open statement
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	if fmt.Sprint(got) != "[1 2 3 4 5]" {
		t.Errorf("rows of the evicted statement = %v", got)
	}
	withConn(t, c, func(sc *stmtConn) {
		if len(sc.evictedBusy) != 0 {
			t.Errorf("%d evicted statements left open after their rows closed", len(sc.evictedBusy))
		}
	})
	if m := stmtMemory(t, c); m > base+base/2 {
		t.Errorf("statement memory %d B after the evicted statement's rows closed, was %d B", m, base)
	}
}

// Closing the connection closes its statements, busy ones included.
// database/sql closes a connection only once its rows are closed, so the
// connection is driven directly here.
func TestStmtCacheClose(t *testing.T) {
	db := openCached(t, 2)
	ctx := t.Context()
	dc, err := db.stmts.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sc := dc.(*stmtConn)
	prepared0, closed0, _ := countsAll(db)
	rows, err := sc.QueryContext(ctx, `SELECT x FROM t`, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := rows.Next(make([]driver.Value, 1)); err != nil {
		t.Fatal(err)
	}
	for i := range 3 { // the second evicts the open statement, the third the first
		if _, err := sc.ExecContext(ctx, fmt.Sprintf(`UPDATE t SET v = v WHERE x = %d`, i), nil); err != nil {
			t.Fatal(err)
		}
	}
	prepared, closed, _ := countsAll(db)
	if prepared-prepared0 != 4 || closed-closed0 != 1 || len(sc.evictedBusy) != 1 {
		t.Fatalf("before Close: prepared %d, closed %d, %d evicted while busy; want 4, 1, 1",
			prepared-prepared0, closed-closed0, len(sc.evictedBusy))
	}
	if err := sc.Close(); err != nil {
		t.Fatal(err)
	}
	if _, closed, _ := countsAll(db); closed-closed0 != 4 {
		t.Errorf("after Close: %d of the connection's 4 statements closed", closed-closed0)
	}
	if sc.lru.Len() != 0 || len(sc.byQuery) != 0 || len(sc.evictedBusy) != 0 {
		t.Errorf("after Close the cache holds %d statements, %d evicted", sc.lru.Len(), len(sc.evictedBusy))
	}
	// The rows died with their connection; modernc cannot close them now.
}

// A cached statement follows the schema: SQLite re-prepares it after a
// change made on the same connection.
func TestStmtCacheSchemaChange(t *testing.T) {
	db := openCached(t, stmtCacheSize)
	ctx := t.Context()
	const sel = `SELECT * FROM t WHERE x = ?`
	const ins = `INSERT INTO t (v) VALUES (?)`
	row := func() []any {
		t.Helper()
		rows, err := db.db.QueryContext(ctx, sel, 1)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		cols, err := rows.Columns()
		if err != nil {
			t.Fatal(err)
		}
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if !rows.Next() {
			t.Fatalf("no row 1: %v", rows.Err())
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		return vals
	}
	if got := fmt.Sprint(row()); got != "[1 v1]" {
		t.Fatalf("row 1 = %s", got)
	}
	exec(t, db.db, ins, "before")
	prepared, _ := counts(db)

	exec(t, db.db, `ALTER TABLE t ADD COLUMN w INTEGER NOT NULL DEFAULT 7`)
	if got := fmt.Sprint(row()); got != "[1 v1 7]" {
		t.Errorf("row 1 after adding a column = %s, want [1 v1 7]", got)
	}
	exec(t, db.db, ins, "after")

	// A table dropped and made again with other columns, in a migration.
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`DROP TABLE t`, `CREATE TABLE t (v TEXT, x INTEGER)`, `INSERT INTO t VALUES ('new', 1)`} {
		exec(t, tx, s)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(row()); got != "[new 1]" {
		t.Errorf("row 1 of the new table = %s, want [new 1]", got)
	}
	exec(t, db.db, ins, "newer")
	if p, _ := counts(db); p-prepared != 4 {
		// The four statements of the schema changes; the select and the
		// insert kept theirs.
		t.Errorf("prepared %d statements, want 4", p-prepared)
	}
}

// Scripts run, each time in full, and are not cached.
func TestStmtCacheScript(t *testing.T) {
	db := openCached(t, stmtCacheSize)
	ctx := t.Context()
	const script = `INSERT INTO t (v) VALUES ('s' || ?1); INSERT INTO t (v) VALUES ('s' || ?1 || ?1);`
	prepared, _ := counts(db)
	for _, arg := range []string{"a", "b"} {
		exec(t, db.db, script, arg)
	}
	if p, _ := counts(db); p != prepared {
		t.Errorf("a script was prepared for the cache (%d)", p-prepared)
	}
	var got string
	if err := db.db.QueryRowContext(ctx, `SELECT group_concat(v, ' ') FROM (SELECT v FROM t WHERE v LIKE 's%' ORDER BY v)`).Scan(&got); err != nil || got != "sa saa sb sbb" {
		t.Errorf("rows of the scripts = %q, %v; want sa saa sb sbb", got, err)
	}
}

func TestSingleStatement(t *testing.T) {
	for _, tc := range []struct {
		name  string
		query string
		want  bool
	}{
		{"plain", `SELECT 1`, true},
		{"trailing semicolon", "SELECT 1;  \n", true},
		{"semicolons and comments after", "SELECT 1; -- done\n ; /* end */", true},
		{"two statements", `SELECT 1; SELECT 2`, false},
		{"semicolon in a string", `SELECT 'a;b'`, true},
		{"doubled quote", `SELECT 'it''s; fine'`, true},
		{"semicolon in an identifier", `SELECT "a;b", [c;d], ` + "`e;f`" + ` FROM t`, true},
		{"semicolon in a comment", "SELECT 1 -- a; b\n, 2 /* c; d */", true},
		{"statement after a comment", "SELECT 1; /* x */ SELECT 2", false},
		{"unterminated string", `SELECT 'a; SELECT 2`, false},
		{"minus and slash", `SELECT 4 - 2 / 1; `, true},
		{"trigger", `CREATE TRIGGER r AFTER INSERT ON t BEGIN SELECT 1; END`, false},
		{"empty", ``, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := singleStatement(tc.query); got != tc.want {
				t.Errorf("singleStatement(%q) = %v, want %v", tc.query, got, tc.want)
			}
		})
	}
}

// The rows of a cached statement still describe their columns.
func TestStmtCacheColumnTypes(t *testing.T) {
	db := openCached(t, stmtCacheSize)
	for range 2 { // prepared, then cached
		rows, err := db.db.QueryContext(t.Context(), `SELECT x, v FROM t`)
		if err != nil {
			t.Fatal(err)
		}
		cts, err := rows.ColumnTypes()
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, ct := range cts {
			got = append(got, ct.Name()+" "+ct.DatabaseTypeName())
		}
		rows.Close()
		if fmt.Sprint(got) != "[x INTEGER v TEXT]" {
			t.Errorf("column types = %v", got)
		}
	}
}

// BenchmarkStmtCache runs the store's hot paths with and without the
// statement cache: tx stores a post, its decision with two findings and
// three actions, and an audit entry in one transaction (as triage and
// replay do); point reads one post by id. cpu-ns/op is the process's CPU
// time, steadier than wall time on a busy machine.
func BenchmarkStmtCache(b *testing.B) {
	for _, cache := range []struct {
		name string
		size int
	}{{"off", 0}, {"on", stmtCacheSize}} {
		b.Run("tx/cache="+cache.name, func(b *testing.B) { benchTx(b, cache.size) })
		b.Run("point/cache="+cache.name, func(b *testing.B) { benchPoint(b, cache.size) })
	}
}

func benchDB(b *testing.B, size int) *DB {
	b.Helper()
	db, err := open(b.Context(), filepath.Join(b.TempDir(), "bench.db"), size)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if err := db.CreatePractice(b.Context(), &store.Practice{ID: "p1", Name: "P"}); err != nil {
		b.Fatal(err)
	}
	return db
}

func benchLoop(b *testing.B, op func(i int) error) {
	b.Helper()
	b.ReportAllocs()
	c0, ok := processCPU()
	i := 0
	for b.Loop() {
		if err := op(i); err != nil {
			b.Fatal(err)
		}
		i++
	}
	if c1, ok1 := processCPU(); ok && ok1 && b.N > 0 {
		b.ReportMetric(float64(c1-c0)/float64(b.N), "cpu-ns/op")
	}
}

func benchTx(b *testing.B, size int) {
	db := benchDB(b, size)
	ctx := b.Context()
	now := time.Now()
	benchLoop(b, func(i int) error {
		return db.WithTx(ctx, func(tx store.TxStore) error {
			p := store.Post{PracticeID: "p1", Channel: moderation.Facebook, ExternalID: fmt.Sprint(i),
				Text: "Dr Smith was rude to me", ReceivedAt: now, Raw: []byte(`{"id":"x"}`)}
			if err := tx.InsertPost(ctx, &p); err != nil {
				return err
			}
			d := store.Decision{PracticeID: "p1", PostID: p.ID, DecidedBy: store.DecidedByAuto, DecidedAt: now,
				Labels: []moderation.Category{moderation.StaffIdentified, moderation.Complaint},
				Findings: []moderation.Finding{{Category: moderation.StaffIdentified, End: 8, Score: 0.9},
					{Category: moderation.Complaint, Start: 9, End: 22, Score: 0.8}},
				Actions: []moderation.Action{{Kind: moderation.ActionHide}, {Kind: moderation.ActionPrivateReply}, {Kind: moderation.ActionEscalate}}}
			if err := tx.InsertDecision(ctx, &d); err != nil {
				return err
			}
			for _, ma := range d.Actions {
				a := store.ActionFromDomain(d, ma, now)
				if err := tx.InsertAction(ctx, &a); err != nil {
					return err
				}
			}
			_, err := audit.Append(ctx, tx, audit.Record{Time: now, PracticeID: "p1", Kind: store.AuditDecided,
				Subject: fmt.Sprint("post:", p.ID), Actor: store.DecidedByAuto, Detail: map[string]any{"post": p.ID}})
			return err
		})
	})
}

func benchPoint(b *testing.B, size int) {
	db := benchDB(b, size)
	ctx := b.Context()
	const n = 1000
	ids := make([]int64, n)
	err := db.WithTx(ctx, func(tx store.TxStore) error {
		for i := range ids {
			p := store.Post{PracticeID: "p1", Channel: moderation.Facebook, ExternalID: fmt.Sprint(i),
				Text: "Can I get my repeat prescription please?", ReceivedAt: time.Now(), Raw: []byte(`{}`)}
			if err := tx.InsertPost(ctx, &p); err != nil {
				return err
			}
			ids[i] = p.ID
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	benchLoop(b, func(i int) error {
		_, err := db.Post(ctx, "p1", ids[i*7919%n])
		return err
	})
}
