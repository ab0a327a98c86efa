package sqlite

import (
	"container/list"
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// stmtCacheSize is how many prepared statements each connection keeps:
// the store has about 70 queries and River's SQLite driver 56, with room
// for the store's IN lists of several lengths.
const stmtCacheSize = 256

// stmtConnector opens modernc connections that keep their prepared
// statements. database/sql hands the driver only SQL text, and modernc
// prepares it anew on every call: parsing was a third of the CPU of
// ingest and replay (docs/benchmarks.md). Wrapping the connector, rather
// than preparing in the store, serves River's and goose's queries too.
type stmtConnector struct {
	driver.Connector
	size int

	// prepared and closed count the statements prepared for a cache and
	// closed, hits the queries that found theirs there, across all
	// connections.
	prepared, closed, hits atomic.Int64
}

func newStmtConnector(c driver.Connector, size int) *stmtConnector {
	return &stmtConnector{Connector: c, size: size}
}

var (
	_ driver.Connector = (*stmtConnector)(nil)
	_ innerConn        = (*stmtConn)(nil)
	_ innerRows        = (*stmtRows)(nil)
)

// innerConn is every interface of modernc's connection that database/sql
// uses. The deprecated Execer, Queryer and Begin-without-context are left
// out: database/sql prefers the context forms, which are here.
type innerConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// innerStmt is a prepared modernc statement.
type innerStmt interface {
	driver.Stmt
	driver.StmtExecContext
	driver.StmtQueryContext
}

// innerRows is modernc's result set, with the column type methods
// database/sql's ColumnTypes reads.
type innerRows interface {
	driver.Rows
	driver.RowsColumnTypeDatabaseTypeName
	driver.RowsColumnTypeLength
	driver.RowsColumnTypeNullable
	driver.RowsColumnTypePrecisionScale
	driver.RowsColumnTypeScanType
}

// Connect opens a connection with an empty cache.
func (c *stmtConnector) Connect(ctx context.Context) (driver.Conn, error) {
	dc, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	ic, ok := dc.(innerConn)
	if !ok {
		dc.Close()
		return nil, fmt.Errorf("caching statements: the sqlite driver's connection %T lacks an interface database/sql uses", dc)
	}
	return &stmtConn{innerConn: ic, c: c, byQuery: map[string]*list.Element{}, lru: list.New(),
		evictedBusy: map[*cachedStmt]struct{}{}}, nil
}

// stmtConn is a connection with a least-recently-used cache of prepared
// statements keyed by their SQL text. Single statements only: a script
// is parsed statement by statement at each run anyway.
//
// A cached statement runs one query at a time: while its rows are open
// it is busy, and the same SQL run again meanwhile (a loop over rows
// running the same query) gets an uncached statement of its own.
//
// database/sql never uses a driver connection, its statements or rows
// from two goroutines at once (driver.Conn), so there is no lock.
// Explicit Prepare and transactions go to modernc unchanged.
type stmtConn struct {
	innerConn
	c       *stmtConnector
	byQuery map[string]*list.Element // of *cachedStmt
	lru     *list.List               // most recently used first
	// evictedBusy holds statements evicted while their rows were open.
	evictedBusy map[*cachedStmt]struct{}
	closed      bool
}

// cachedStmt is one prepared statement of a connection's cache.
type cachedStmt struct {
	query string
	stmt  innerStmt
	busy  bool // running, or its rows are open
	// evicted: no longer in the cache; closed when no longer busy.
	evicted bool
}

// ExecContext runs query on its cached statement.
func (sc *stmtConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	s, err := sc.take(ctx, query)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return sc.innerConn.ExecContext(ctx, query, args)
	}
	res, err := s.stmt.ExecContext(ctx, args)
	if rerr := sc.release(s, err); rerr != nil && err == nil {
		return nil, rerr
	}
	return res, err
}

// QueryContext runs query on its cached statement; the statement is busy
// until the rows are closed.
func (sc *stmtConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	s, err := sc.take(ctx, query)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return sc.innerConn.QueryContext(ctx, query, args)
	}
	rows, err := s.stmt.QueryContext(ctx, args)
	if err != nil {
		sc.release(s, err)
		return nil, err
	}
	ir, ok := rows.(innerRows)
	if !ok {
		rows.Close()
		sc.release(s, nil)
		return nil, fmt.Errorf("caching statements: the sqlite driver's rows %T lack a column type method", rows)
	}
	return &stmtRows{innerRows: ir, sc: sc, s: s}, nil
}

// take returns query's cached statement, marked busy, preparing and
// caching it if needed. It returns nil, nil when query must run
// uncached: a script, or its statement busy.
func (sc *stmtConn) take(ctx context.Context, query string) (*cachedStmt, error) {
	if e, ok := sc.byQuery[query]; ok {
		s := e.Value.(*cachedStmt)
		if s.busy {
			return nil, nil
		}
		sc.lru.MoveToFront(e)
		s.busy = true
		sc.c.hits.Add(1)
		return s, nil
	}
	if !singleStatement(query) {
		return nil, nil
	}
	ds, err := sc.innerConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	st, ok := ds.(innerStmt)
	if !ok {
		ds.Close()
		return nil, fmt.Errorf("caching statements: the sqlite driver's statement %T lacks a context method", ds)
	}
	sc.c.prepared.Add(1)
	s := &cachedStmt{query: query, stmt: st, busy: true}
	sc.byQuery[query] = sc.lru.PushFront(s)
	for sc.lru.Len() > sc.c.size {
		sc.evict(sc.lru.Back())
	}
	return s, nil
}

// release ends a use of s that returned err. A statement that failed in
// SQLite is kept (modernc resets it after an error); one that failed
// otherwise (cancelled, interrupted, bad arguments) is dropped, so the
// next use prepares afresh.
func (sc *stmtConn) release(s *cachedStmt, err error) error {
	s.busy = false
	if sc.closed {
		return nil // closed with the connection
	}
	if err != nil && !reusableAfter(err) && !s.evicted {
		sc.remove(sc.byQuery[s.query])
	}
	if s.evicted {
		delete(sc.evictedBusy, s)
		return sc.closeStmt(s)
	}
	return nil
}

func (sc *stmtConn) closeStmt(s *cachedStmt) error {
	sc.c.closed.Add(1)
	return s.stmt.Close()
}

// evict removes e's statement from the cache and closes it, or, if it is
// busy, leaves it to be closed by release.
func (sc *stmtConn) evict(e *list.Element) {
	s := sc.remove(e)
	if s.busy {
		sc.evictedBusy[s] = struct{}{}
		return
	}
	sc.closeStmt(s)
}

// remove takes e's statement out of the cache.
func (sc *stmtConn) remove(e *list.Element) *cachedStmt {
	s := e.Value.(*cachedStmt)
	sc.lru.Remove(e)
	delete(sc.byQuery, s.query)
	s.evicted = true
	return s
}

// reusableAfter reports whether a statement that failed with err may run
// again: SQLite errors other than an interrupt. modernc resets the
// statement after a failed step.
func reusableAfter(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff != sqlite3.SQLITE_INTERRUPT
}

// Close closes the statements, cached and busy, then the connection.
func (sc *stmtConn) Close() error {
	var errs []error
	for e := sc.lru.Front(); e != nil; e = e.Next() {
		errs = append(errs, sc.closeStmt(e.Value.(*cachedStmt)))
	}
	for s := range sc.evictedBusy {
		errs = append(errs, sc.closeStmt(s))
	}
	sc.lru.Init()
	clear(sc.byQuery)
	clear(sc.evictedBusy)
	sc.closed = true
	errs = append(errs, sc.innerConn.Close())
	return errors.Join(errs...)
}

// stmtRows are the rows of a cached statement; closing them frees it.
type stmtRows struct {
	innerRows
	sc *stmtConn
	s  *cachedStmt // nil once closed
}

// Close closes the rows and releases the statement for its next use.
func (r *stmtRows) Close() error {
	if r.s == nil {
		return nil
	}
	err := r.innerRows.Close()
	// A reset reports the error of the last step; the statement is reset
	// all the same, as after a failed exec.
	if rerr := r.sc.release(r.s, err); err == nil {
		err = rerr
	}
	r.s = nil
	return err
}

// singleStatement reports whether query is one SQL statement: nothing
// but blanks, comments and semicolons after its first semicolon outside
// quotes and comments. It says false for some single statements (a
// trigger, whose body has semicolons), which only leaves them uncached.
func singleStatement(query string) bool {
	for i := 0; i < len(query); i++ {
		switch c := query[i]; c {
		case '\'', '"', '`', '[':
			end := c
			if c == '[' {
				end = ']'
			}
			j := strings.IndexByte(query[i+1:], end)
			if j < 0 {
				return false
			}
			i += j + 1 // a doubled quote is read as two quoted strings
		case '-', '/':
			n := skipComment(query[i:])
			if n > 0 {
				i += n - 1
			}
		case ';':
			rest := query[i+1:]
			for len(rest) > 0 {
				if n := skipComment(rest); n > 0 {
					rest = rest[n:]
					continue
				}
				if !strings.ContainsRune(" \t\n\r\f;", rune(rest[0])) {
					return false
				}
				rest = rest[1:]
			}
			return true
		}
	}
	return true
}

// skipComment returns the length of the comment s starts with, or 0.
func skipComment(s string) int {
	switch {
	case strings.HasPrefix(s, "--"):
		if j := strings.IndexByte(s, '\n'); j >= 0 {
			return j + 1
		}
		return len(s)
	case strings.HasPrefix(s, "/*"):
		if j := strings.Index(s[2:], "*/"); j >= 0 {
			return j + 4
		}
		return len(s)
	}
	return 0
}
