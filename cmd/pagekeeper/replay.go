package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/detect"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/policy"
	"github.com/pagekeeper/pagekeeper/internal/profile"
	"github.com/pagekeeper/pagekeeper/internal/sealed"
	"github.com/pagekeeper/pagekeeper/internal/store"
	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

// replayChunkSize is how many lines the reader hands a judge at a time:
// large enough that channel traffic costs nothing next to judging.
const replayChunkSize = 256

// replayItem is one line of a replayed file on its way to the store.
type replayItem struct {
	line int
	bad  string // why the line was skipped; "" for a good post
	post store.Post
	dec  moderation.Decision
}

// replayChunk is a run of consecutive lines; seq orders chunks so posts are
// stored in file order however the judges interleave.
type replayChunk struct {
	seq   int
	items []replayItem
}

// replaySummary counts what a replay did.
type replaySummary struct {
	Read, Stored, Duplicates, Bad int
	Labels                        map[moderation.Category]int
}

func runReplay(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "replay", "--practice FILE --database DSN [flags] POSTS.jsonl|POSTS.csv|-", `
Push a file of posts through judgement and storage as fast as the database
allows: posts are judged in parallel on every core and written in batches,
each batch one transaction holding the posts, their decisions, findings and
actions (several transactions at once on PostgreSQL). For loading a practice's history and for load tests.

Replay NEVER acts on a platform: it reads no platform credentials, queues no
jobs, and records every action in shadow state (what would have been done).

The file is in import-posts' formats: JSON Lines ({"id","text","channel",
"author","created_at","permalink"} a line) or CSV with a header row naming at
least "id" and "text". ".csv" files are read as CSV, ".jsonl"/".json" as JSON
Lines, anything else by its first character. "-" reads standard input; gzip
input (.gz, or gzip bytes on stdin) is unpacked. A bad line is reported with
its line number and skipped. A post whose channel and id are already stored
is skipped, so replaying the same file twice adds nothing; an interrupted
replay resumes where its last batch committed.

--database takes a SQLite file or a postgres:// URL (default
$PAGEKEEPER_DATABASE). If the service encrypts posts at rest, give its key
ring with --keys so replayed posts are encrypted too.`)
	path := fs.String("practice", "", "the practice profile (YAML)")
	dsn := fs.String("database", "", "where to store the posts: a SQLite file or a postgres:// URL (default $PAGEKEEPER_DATABASE)")
	keys := fs.String("keys", "", "the key ring, if the database is encrypted (serve's encryption_keys)")
	id := fs.String("practice-id", "", "the practice's id in the database (default: the profile's ODS code, or its file name)")
	batch := fs.Int("batch", 0, "posts written per transaction (default 500 for SQLite; 20 for PostgreSQL, where each write is a savepoint and more than 64 in a transaction slow every reader)")
	workers := fs.Int("judges", runtime.GOMAXPROCS(0), "goroutines judging posts")
	writers := fs.Int("writers", 0, "transactions written at once (default 1 for SQLite, which has one writer; 4 for PostgreSQL)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the replay to this file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *dsn == "" && env.Getenv != nil {
		*dsn = env.Getenv(envDatabase)
	}
	if *path == "" || *dsn == "" || fs.NArg() != 1 || *batch < 0 || *workers < 1 || *writers < 0 {
		fs.Usage()
		return errUsage
	}
	name := fs.Arg(0)
	p, eng, err := loadPractice(*path)
	if err != nil {
		return err
	}
	practiceID := *id
	if practiceID == "" {
		practiceID = p.ODSCode
	}
	if practiceID == "" {
		practiceID = strings.TrimSuffix(filepath.Base(*path), filepath.Ext(*path))
	}
	profileYAML, err := os.ReadFile(*path)
	if err != nil {
		return err
	}
	in, size, err := openReplayInput(env, name)
	if err != nil {
		return err
	}
	defer in.Close()
	var ring *sealed.Keyring
	if *keys != "" {
		if ring, err = sealed.LoadKeyring(*keys); err != nil {
			return err
		}
	}
	b, err := openBackend(ctx, *dsn)
	if err != nil {
		return err
	}
	defer b.Close()
	db := b.Store
	if *writers == 0 {
		*writers = 1
		if b.Name == "postgres" {
			*writers = 4
		}
	}
	if *batch == 0 {
		*batch = 500
		if b.Name == "postgres" {
			*batch = 20
		}
	}
	if ring != nil {
		db = sealed.Wrap(db, ring)
	}
	if err := ensurePractice(ctx, db, appPractice{ID: practiceID, Name: p.Name, ProfileYAML: profileYAML}); err != nil {
		return fmt.Errorf("recording the practice: %w", err)
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return fmt.Errorf("creating the CPU profile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("starting the CPU profile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	r := &replayer{env: env, name: name, db: db, practiceID: practiceID, prof: p, eng: eng,
		batch: *batch, workers: *workers, writers: *writers, now: time.Now, size: size,
		sum: replaySummary{Labels: map[moderation.Category]int{}}}
	start := time.Now()
	err = r.run(ctx, in)
	elapsed := time.Since(start)
	if env.IsTerminal {
		fmt.Fprint(env.Stderr, "\r\x1b[K")
	}
	s := r.sum
	fmt.Fprintf(env.Stdout, "%d posts read: %d stored in shadow mode, %d already stored, %d bad lines\n", s.Read, s.Stored, s.Duplicates, s.Bad)
	fmt.Fprintf(env.Stdout, "%s, %.0f posts/s (%d judges, %d writers, %d posts a transaction)\n",
		elapsed.Round(time.Millisecond), float64(s.Read)/max(elapsed.Seconds(), 1e-9), *workers, *writers, *batch)
	for _, c := range moderation.AllCategories() {
		if n := s.Labels[c]; n > 0 {
			fmt.Fprintf(env.Stdout, "  %-17s %d\n", c, n)
		}
	}
	if err != nil {
		return fmt.Errorf("replaying %s (what was stored is kept; run again to resume): %w", name, err)
	}
	return nil
}

// replayInput is the file being replayed, unpacked if gzipped.
type replayInput struct {
	io.Reader
	closers []io.Closer
	format  string // "csv" or "jsonl"
	read    *atomic.Int64
}

func (in *replayInput) Close() error {
	var errs []error
	for _, c := range slices.Backward(in.closers) {
		errs = append(errs, c.Close())
	}
	return errors.Join(errs...)
}

// countingReader counts the bytes read through it, for the progress bar.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// openReplayInput opens name ("-" for standard input), unpacks gzip and
// picks the format. size is the file's size in bytes (0 when unknown), to
// set against the bytes read.
func openReplayInput(env *Env, name string) (*replayInput, int64, error) {
	in := &replayInput{read: new(atomic.Int64)}
	var src io.Reader
	var size int64
	if name == "-" {
		src = env.Stdin
	} else {
		f, err := os.Open(name)
		if err != nil {
			return nil, 0, err
		}
		in.closers = append(in.closers, f)
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			size = st.Size()
		}
		src = f
	}
	br := bufio.NewReaderSize(countingReader{src, in.read}, 256*1024)
	in.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			in.Close()
			return nil, 0, fmt.Errorf("reading %s as gzip: %w", name, err)
		}
		in.closers = append(in.closers, zr)
		in.Reader = bufio.NewReaderSize(zr, 256*1024)
	}
	switch ext := strings.ToLower(filepath.Ext(strings.TrimSuffix(strings.ToLower(name), ".gz"))); ext {
	case ".csv":
		in.format = "csv"
	case ".jsonl", ".json", ".ndjson":
		in.format = "jsonl"
	default:
		in.format = sniffFormat(in.Reader.(*bufio.Reader))
	}
	return in, size, nil
}

// sniffFormat reads JSON Lines if the first character that is not space is
// "{", CSV otherwise.
func sniffFormat(br *bufio.Reader) string {
	for n := 1; n <= 4096; n *= 2 {
		b, err := br.Peek(n)
		if t := strings.TrimLeft(string(b), " \t\r\n\ufeff"); t != "" {
			if t[0] == '{' {
				return "jsonl"
			}
			return "csv"
		}
		if err != nil {
			break
		}
	}
	return "jsonl"
}

// replayer is one run of replay.
type replayer struct {
	env        *Env
	name       string
	db         store.Store
	practiceID string
	prof       *profile.Profile
	eng        *detect.Engine
	batch      int
	workers    int
	now        func() time.Time
	size       int64 // the input's size, 0 when unknown
	read       *atomic.Int64
	sum        replaySummary
	writers    int
	mu         sync.Mutex // guards sum and lastDraw
	lastDraw   time.Time
}

// run reads, judges and stores every post of in. Reading, judging and
// writing overlap: one reader, r.workers judges, and the calling goroutine,
// which puts chunks back in file order, reports bad lines and hands
// batches to r.writers writers.
func (r *replayer) run(ctx context.Context, in *replayInput) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	r.read = in.read
	chunks := make(chan *replayChunk, 2*r.workers)
	judged := make(chan *replayChunk, 2*r.workers)

	go func() {
		defer close(chunks)
		if err := r.readChunks(ctx, in, chunks); err != nil {
			cancel(err)
		}
	}()
	var wg sync.WaitGroup
	for range r.workers {
		wg.Go(func() {
			doc := &textnorm.Doc{}
			for c := range chunks {
				r.judge(doc, c)
				select {
				case judged <- c:
				case <-ctx.Done():
					return
				}
			}
		})
	}
	go func() {
		wg.Wait()
		close(judged)
	}()

	// Batches go to the writers in file order. One writer keeps stored ids
	// in file order; several overlap their round trips to a server.
	batches := make(chan []replayItem, r.writers)
	var writers sync.WaitGroup
	for range r.writers {
		writers.Go(func() {
			for b := range batches {
				if ctx.Err() != nil {
					continue
				}
				if err := r.write(ctx, b); err != nil {
					cancel(err)
				}
			}
		})
	}
	dispatch := func(b []replayItem) {
		r.mu.Lock()
		for _, it := range b {
			r.sum.Read++
			if it.bad != "" {
				r.sum.Bad++
				fmt.Fprintf(r.env.Stderr, "%s:%d: %s\n", r.name, it.line, it.bad)
			}
		}
		r.mu.Unlock()
		select {
		case batches <- b:
		case <-ctx.Done():
		}
	}
	pending := map[int]*replayChunk{}
	next := 0
	var batch []replayItem
	for c := range judged {
		if ctx.Err() != nil {
			continue // drain so the judges can stop
		}
		pending[c.seq] = c
		for pending[next] != nil {
			batch = append(batch, pending[next].items...)
			delete(pending, next)
			next++
			if len(batch) >= r.batch {
				dispatch(batch)
				batch = nil
			}
		}
	}
	if ctx.Err() == nil && len(batch) > 0 {
		dispatch(batch)
	}
	close(batches)
	writers.Wait()
	if err := context.Cause(ctx); err != nil {
		return err
	}
	return nil
}

// readChunks parses in and sends its lines to out in chunks, numbered in order.
func (r *replayer) readChunks(ctx context.Context, in *replayInput, out chan<- *replayChunk) error {
	c := &replayChunk{}
	send := func() error {
		select {
		case out <- c:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
		c = &replayChunk{seq: c.seq + 1, items: make([]replayItem, 0, replayChunkSize)}
		return nil
	}
	add := func(it replayItem) error {
		c.items = append(c.items, it)
		if len(c.items) == replayChunkSize {
			return send()
		}
		return nil
	}
	var addErr error
	unreadable := func(line int, msg string) {
		if addErr == nil {
			addErr = add(replayItem{line: line, bad: msg})
		}
	}
	ingest := func(line int, h historical) error {
		if addErr != nil {
			return addErr
		}
		ev, msg := h.event(r.prof)
		if msg != "" {
			return add(replayItem{line: line, bad: msg})
		}
		mp := ev.Post
		mp.PracticeID = r.practiceID
		return add(replayItem{line: line, post: store.PostFromDomain(mp, ev.Raw, time.Time{})})
	}
	var err error
	if in.format == "csv" {
		err = readCSVPosts(in, unreadable, ingest)
	} else {
		err = readJSONLPosts(in, unreadable, ingest)
	}
	if err == nil {
		err = addErr
	}
	if err != nil {
		return err
	}
	if len(c.items) > 0 {
		return send()
	}
	return nil
}

// judge judges every good post of c and decides in shadow: nothing a
// decision asks for will be done.
func (r *replayer) judge(doc *textnorm.Doc, c *replayChunk) {
	for i := range c.items {
		it := &c.items[i]
		if it.bad != "" {
			continue
		}
		doc.Reset(it.post.Text)
		findings := r.eng.JudgeDoc(&detect.Input{Doc: doc, Channel: it.post.Channel}, nil)
		if findings == nil {
			findings = []moderation.Finding{}
		}
		d := policy.Decide(r.prof, findings)
		if slices.Contains(d.Labels, moderation.Safeguarding) { // as triage: never hide someone at risk
			d.Actions = slices.DeleteFunc(d.Actions, func(a moderation.Action) bool { return a.Kind.Removes() })
		}
		for j := range d.Actions {
			d.Actions[j].Shadow = true
		}
		it.dec = d
	}
}

// maxReplayTries bounds retries of a batch that lost a race for a post's
// natural key or an audit sequence number to another writer.
const maxReplayTries = 5

// write stores a batch in one transaction: each post not already stored,
// its decision, findings and shadow actions, and one audit entry for the
// batch. Writers may run it concurrently: a post two batches both insert,
// or an audit sequence number both take, fails one transaction with
// ErrDuplicate, and that batch is tried again.
func (r *replayer) write(ctx context.Context, items []replayItem) error {
	var stored, dups int
	labels := map[moderation.Category]int{}
	var err error
	for try := 1; ; try++ {
		stored, dups = 0, 0
		clear(labels)
		err = r.db.WithTx(ctx, func(tx store.TxStore) error {
			now := r.now()
			var first, last int64
			for _, it := range items {
				if it.bad != "" {
					continue
				}
				_, err := tx.PostByExternalID(ctx, r.practiceID, it.post.Channel, it.post.ExternalID)
				if err == nil {
					dups++
					continue
				}
				if !errors.Is(err, store.ErrNotFound) {
					return err
				}
				post := it.post
				post.ReceivedAt = now
				if err := tx.InsertPost(ctx, &post); err != nil {
					return err
				}
				sd := store.Decision{PracticeID: r.practiceID, PostID: post.ID, Labels: it.dec.Labels, Actions: it.dec.Actions,
					Findings: it.dec.Findings, Shadow: true, DecidedBy: store.DecidedByAuto, DecidedAt: now}
				if err := tx.InsertDecision(ctx, &sd); err != nil {
					return err
				}
				for _, a := range it.dec.Actions {
					if a.Kind == moderation.ActionNone {
						continue
					}
					sa := store.ActionFromDomain(sd, a, now)
					if err := tx.InsertAction(ctx, &sa); err != nil {
						return err
					}
				}
				if first == 0 {
					first = post.ID
				}
				last = post.ID
				stored++
				for _, c := range it.dec.Labels {
					labels[c]++
				}
			}
			if stored == 0 {
				return nil
			}
			_, err := audit.Append(ctx, tx, audit.Record{Time: now, PracticeID: r.practiceID, Kind: store.AuditDecided,
				Subject: "replay", Actor: store.DecidedByAuto,
				Detail: map[string]any{"replay": true, "shadow": true, "posts": stored, "first_post": first, "last_post": last}})
			return err
		})
		if err == nil || !retryable(err) || try == maxReplayTries {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("storing the batch ending at line %d: %w", items[len(items)-1].line, err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sum.Stored += stored
	r.sum.Duplicates += dups
	for c, n := range labels {
		r.sum.Labels[c] += n
	}
	r.draw()
	return nil
}

// retryable reports whether a batch failed only by racing another writer:
// for a post's natural key or an audit sequence number (ErrDuplicate), or,
// on PostgreSQL, a deadlock or serialization failure between two batches.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.Is(err, store.ErrDuplicate) ||
		errors.As(err, &pe) && (pe.Code == "40P01" || pe.Code == "40001") // deadlock_detected, serialization_failure
}

// draw redraws the progress bar on a terminal, at most ten times a
// second. The caller holds r.mu.
func (r *replayer) draw() {
	if !r.env.IsTerminal || time.Since(r.lastDraw) < 100*time.Millisecond {
		return
	}
	r.lastDraw = time.Now()
	if r.size > 0 {
		const mib = 1 << 20
		progress(r.env.Stderr, int(min(r.read.Load(), r.size)/mib), int(r.size/mib))
		fmt.Fprintf(r.env.Stderr, " MiB, %d posts", r.sum.Read)
		return
	}
	fmt.Fprintf(r.env.Stderr, "\r%d posts", r.sum.Read)
}
