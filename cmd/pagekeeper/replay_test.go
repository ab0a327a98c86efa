package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/postgres"
	"github.com/pagekeeper/pagekeeper/internal/postgres/pgtest"
	"github.com/pagekeeper/pagekeeper/internal/sealed"
	"github.com/pagekeeper/pagekeeper/internal/sqlite"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// replayPosts is a small file with a bit of everything; good maps its ids
// to a label each must carry ("" for an innocent post).
var replayPosts = []string{
	`{"id":"r1","text":"What time does the surgery open on Monday?","channel":"facebook"}`,
	`{"id":"r2","text":"Dean on reception is a useless tw@t","channel":"facebook"}`,
	`{"id":"r3","text":"Can I get my repeat prescription please?","channel":"instagram"}`,
	`{"id":"r4","text":"I can't do this anymore, nobody would notice if I was gone","channel":"x"}`,
	`{"id":"r5","text":"Cheap diazepam and tramadol, no prescription needed, message me.","channel":"website"}`,
	`{"id":"r6","text":"Brilliant service today, 5 stars","channel":"facebook"}`,
}

var replayLabels = map[string]moderation.Category{
	"r1": "", "r2": moderation.Harassment, "r3": moderation.ClinicalRequest,
	"r4": moderation.Safeguarding, "r5": moderation.Fraud, "r6": moderation.Review,
}

func writeFile(t *testing.T, name, data string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// replay runs the replay command and fails the test unless it succeeds.
func replay(t *testing.T, dsn string, args ...string) (string, string) {
	t.Helper()
	code, out, errOut := run(t, "", append([]string{"replay", "--practice", demo, "--database", dsn}, args...)...)
	if code != 0 {
		t.Fatalf("replay exit %d: %s%s", code, out, errOut)
	}
	return out, errOut
}

// counts are the rows a replay leaves behind for the demo practice.
type counts struct{ posts, decisions, actions, audit int }

func countRows(t *testing.T, s store.Store) counts {
	t.Helper()
	ctx := t.Context()
	posts, err := s.ListPosts(ctx, "Z99999", store.PostFilter{Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	var c counts
	c.posts = len(posts)
	for _, p := range posts {
		ds, err := s.DecisionsForPost(ctx, "Z99999", p.ID)
		if err != nil {
			t.Fatal(err)
		}
		as, err := s.ActionsForPost(ctx, "Z99999", p.ID)
		if err != nil {
			t.Fatal(err)
		}
		c.decisions += len(ds)
		c.actions += len(as)
	}
	entries, err := s.AuditEntries(ctx, "Z99999", 0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	c.audit = len(entries)
	return c
}

// checkReplayed asserts every good post is stored once, judged, with one
// shadow decision and only shadow actions, and (if ordered) in file order.
func checkReplayed(t *testing.T, s store.Store, ordered bool) {
	t.Helper()
	ctx := t.Context()
	var lastID int64
	for i := range replayPosts {
		ext := fmt.Sprintf("r%d", i+1)
		ch := moderation.Channel(strings.Split(strings.Split(replayPosts[i], `"channel":"`)[1], `"`)[0])
		p, err := s.PostByExternalID(ctx, "Z99999", ch, ext)
		if err != nil {
			t.Fatalf("post %s: %v", ext, err)
		}
		if ordered && p.ID <= lastID {
			t.Errorf("post %s has id %d after %d: not stored in file order", ext, p.ID, lastID)
		}
		lastID = p.ID
		if p.Status != store.StatusVisible {
			t.Errorf("post %s is %s: a replay must leave every post as it was", ext, p.Status)
		}
		ds, err := s.DecisionsForPost(ctx, "Z99999", p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ds) != 1 {
			t.Fatalf("post %s has %d decisions, want 1", ext, len(ds))
		}
		d := ds[0]
		if !d.Shadow {
			t.Errorf("post %s: decision not in shadow", ext)
		}
		if want := replayLabels[ext]; want == "" && len(d.Labels) != 0 {
			t.Errorf("innocent post %s labelled %v", ext, d.Labels)
		} else if want != "" && !slices.Contains(d.Labels, want) {
			t.Errorf("post %s labelled %v, want %s among them", ext, d.Labels, want)
		}
		if len(d.Labels) > 0 && len(d.Findings) == 0 {
			t.Errorf("post %s: labels %v stored without findings", ext, d.Labels)
		}
		as, err := s.ActionsForPost(ctx, "Z99999", p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Labels) > 0 && len(as) == 0 {
			t.Errorf("post %s (%v): no actions recorded", ext, d.Labels)
		}
		for _, a := range as {
			if a.State != store.ActionShadow {
				t.Errorf("post %s: action %s in state %s, want shadow", ext, a.Kind, a.State)
			}
			if slices.Contains(d.Labels, moderation.Safeguarding) && a.Kind.Removes() {
				t.Errorf("post %s: safeguarding post would be %s", ext, a.Kind)
			}
		}
	}
	for _, st := range []store.ActionState{store.ActionPending, store.ActionRunning, store.ActionDone} {
		as, err := s.ActionsInState(ctx, "Z99999", st)
		if err != nil {
			t.Fatal(err)
		}
		if len(as) > 0 {
			t.Errorf("%d actions %s after a replay, want none", len(as), st)
		}
	}
}

func openSQLite(t *testing.T, path string) *sqlite.DB {
	t.Helper()
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestReplayStoresEachPostOnceAndRerunAddsNothing(t *testing.T) {
	db := filepath.Join(t.TempDir(), "pk.db")
	// The same file twice over: the second copy's lines are duplicates
	// within one run.
	posts := writeFile(t, "posts.jsonl", strings.Join(append(slices.Clone(replayPosts), replayPosts...), "\n")+"\n")
	out, _ := replay(t, db, "--batch", "2", "--judges", "3", posts)
	if !strings.Contains(out, "12 posts read: 6 stored in shadow mode, 6 already stored, 0 bad lines") {
		t.Errorf("summary = %q", out)
	}
	if !strings.Contains(out, "posts/s") {
		t.Errorf("summary has no rate: %q", out)
	}
	s := openSQLite(t, db)
	checkReplayed(t, s, true)
	before := countRows(t, s)
	if before.posts != 6 || before.decisions != 6 || before.audit == 0 {
		t.Errorf("after one replay: %+v, want 6 posts, 6 decisions and audit entries", before)
	}

	out, _ = replay(t, db, posts)
	if !strings.Contains(out, "12 posts read: 0 stored in shadow mode, 12 already stored") {
		t.Errorf("re-run summary = %q", out)
	}
	if after := countRows(t, s); after != before {
		t.Errorf("a re-run changed the rows: %+v, before %+v", after, before)
	}
	var jobs int
	if err := s.SQL().QueryRowContext(t.Context(), `SELECT count(*) FROM river_job`).Scan(&jobs); err != nil {
		t.Fatal(err)
	}
	if jobs != 0 {
		t.Errorf("%d jobs queued by a replay, want none", jobs)
	}
}

func TestReplayMalformedLines(t *testing.T) {
	lines := []string{
		replayPosts[0],
		`{"id":"r2","text":`, // line 2: cut off
		replayPosts[2],
		`{"text":"no id here","channel":"facebook"}`,    // line 4
		`{"id":"tt","text":"hello","channel":"tiktok"}`, // line 5
		`["not","an","object"]`,                         // line 6
		"",                                              // line 7: blank, ignored
		`{"id":"bad-time","text":"hi","created_at":"soon"}`, // line 8
		replayPosts[5],
	}
	posts := writeFile(t, "posts.jsonl", strings.Join(lines, "\n"))
	db := filepath.Join(t.TempDir(), "pk.db")
	out, errOut := replay(t, db, "--batch", "1", posts)
	if !strings.Contains(out, "8 posts read: 3 stored in shadow mode, 0 already stored, 5 bad lines") {
		t.Errorf("summary = %q", out)
	}
	for _, want := range []string{"posts.jsonl:2: not a JSON object", `posts.jsonl:4: missing "id"`,
		`posts.jsonl:5: unknown channel "tiktok"`, "posts.jsonl:6: not a JSON object", "posts.jsonl:8: created_at"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr %q lacks %q", errOut, want)
		}
	}
	if strings.Contains(errOut, "no id here") || strings.Contains(errOut, "hello") {
		t.Errorf("stderr repeats what a post says: %q", errOut)
	}
	// Reports come in file order however the judges interleave.
	if i, j := strings.Index(errOut, ":2:"), strings.Index(errOut, ":8:"); i < 0 || j < i {
		t.Errorf("reports out of file order: %q", errOut)
	}
	s := openSQLite(t, db)
	for _, ext := range []string{"r1", "r3", "r6"} {
		if _, err := s.PostByExternalID(t.Context(), "Z99999", map[string]moderation.Channel{"r1": "facebook", "r3": "instagram", "r6": "facebook"}[ext], ext); err != nil {
			t.Errorf("good post %s lost: %v", ext, err)
		}
	}
	if c := countRows(t, s); c.posts != 3 {
		t.Errorf("%d posts stored, want 3", c.posts)
	}
}

func TestReplayCSVGzipAndStdin(t *testing.T) {
	csvData := "id,text,channel\n" +
		"c1,What time does the surgery open on Monday?,facebook\n" +
		"c2,\"Dean on reception is a useless tw@t\",facebook\n" +
		"c3,\"unterminated,facebook\n"
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(csvData))
	zw.Close()
	path := writeFile(t, "posts.csv.gz", gz.String())
	db := filepath.Join(t.TempDir(), "pk.db")
	out, errOut := replay(t, db, path)
	if !strings.Contains(out, "2 stored in shadow mode") || !strings.Contains(errOut, "posts.csv.gz:4:") {
		t.Errorf("gzipped CSV: stdout %q, stderr %q", out, errOut)
	}

	// Standard input, JSON Lines found by sniffing, gzipped.
	gz.Reset()
	zw = gzip.NewWriter(&gz)
	zw.Write([]byte(strings.Join(replayPosts, "\n")))
	zw.Close()
	code, out, errOut := run(t, gz.String(), "replay", "--practice", demo, "--database", db, "-")
	if code != 0 || !strings.Contains(out, "6 posts read: 6 stored") {
		t.Errorf("stdin: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// TestReplayNeverCallsAPlatform gives replay every setting it could read
// pointing at a server that fails the test if anything calls it: replay
// must record its actions in shadow and call nobody.
func TestReplayNeverCallsAPlatform(t *testing.T) {
	platform := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("replay called a platform: %s %s", r.Method, r.URL)
		http.Error(w, "no", http.StatusTeapot)
	}))
	defer platform.Close()
	db := filepath.Join(t.TempDir(), "pk.db")
	posts := writeFile(t, "posts.jsonl", strings.Join(replayPosts, "\n"))
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv: func(string) string { return platform.URL }}
	if code := Main(t.Context(), env, []string{"replay", "--practice", demo, "--database", db, posts}); code != 0 {
		t.Fatalf("replay exit %d: %s", code, errb.String())
	}
	checkReplayed(t, openSQLite(t, db), true)
}

func TestReplayUsage(t *testing.T) {
	for _, args := range [][]string{
		{"replay"},
		{"replay", "--practice", demo, "posts.jsonl"},        // no database
		{"replay", "--database", "x.db", "posts.jsonl"},      // no practice
		{"replay", "--practice", demo, "--database", "x.db"}, // no file
		{"replay", "--practice", demo, "--database", "x.db", "--batch", "-1", "p.jsonl"},
	} {
		if code, _, _ := run(t, "", args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	code, _, errOut := run(t, "", "replay", "--help")
	if code != 0 || !strings.Contains(errOut, "NEVER acts on a platform") {
		t.Errorf("--help = %d, %q", code, errOut)
	}
	dir := t.TempDir()
	code, _, errOut = run(t, "", "replay", "--practice", demo, "--database", filepath.Join(dir, "pk.db"), filepath.Join(dir, "missing.jsonl"))
	if code != 1 || !strings.Contains(errOut, "missing.jsonl") {
		t.Errorf("missing file: exit %d, %q", code, errOut)
	}
}

// TestReplayPostgres is the replay on PostgreSQL, in a fresh schema of the
// server $PAGEKEEPER_TEST_POSTGRES names (skipped when it is unset).
func TestReplayPostgres(t *testing.T) {
	dsn := pgtest.DSN(t)
	// Three writers at once, and the file's posts again in later batches.
	posts := writeFile(t, "twice.jsonl", strings.Join(append(append(slices.Clone(replayPosts), `{"id":"x"`), replayPosts...), "\n"))
	out, errOut := replay(t, dsn, "--batch", "2", "--writers", "3", posts)
	if !strings.Contains(out, "13 posts read: 6 stored in shadow mode, 6 already stored, 1 bad lines") || !strings.Contains(errOut, "twice.jsonl:7:") {
		t.Errorf("stdout %q, stderr %q", out, errOut)
	}
	s, err := postgres.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	checkReplayed(t, s, false)
	before := countRows(t, s)
	out, _ = replay(t, dsn, posts)
	if !strings.Contains(out, "0 stored in shadow mode, 12 already stored") {
		t.Errorf("re-run summary = %q", out)
	}
	if after := countRows(t, s); after != before {
		t.Errorf("a re-run changed the rows: %+v, before %+v", after, before)
	}
}

// TestReplayEncrypted replays into a database the service encrypts: with
// --keys the posts are stored sealed and read back through the key ring.
func TestReplayEncrypted(t *testing.T) {
	keyDir := t.TempDir()
	k, err := sealed.GenerateKey(rand.Reader, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sealed.WriteKeyFile(keyDir, k); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "pk.db")
	posts := writeFile(t, "posts.jsonl", strings.Join(replayPosts, "\n"))
	replay(t, db, "--keys", keyDir, posts)

	raw := openSQLite(t, db)
	var text string
	if err := raw.SQL().QueryRowContext(t.Context(), `SELECT text FROM posts ORDER BY id LIMIT 1`).Scan(&text); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(text, "surgery open") {
		t.Errorf("post stored in the clear: %q", text)
	}
	ring, err := sealed.LoadKeyring(keyDir)
	if err != nil {
		t.Fatal(err)
	}
	s := sealed.Wrap(raw, ring)
	p, err := s.PostByExternalID(t.Context(), "Z99999", "facebook", "r1")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.Text, "surgery open") {
		t.Errorf("post read back through the key ring as %q", p.Text)
	}
	checkReplayed(t, s, true)
}
