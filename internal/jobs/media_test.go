package jobs_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/jobs"
	"github.com/pagekeeper/pagekeeper/internal/media"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/profile"
	"github.com/pagekeeper/pagekeeper/internal/queue"
	"github.com/pagekeeper/pagekeeper/internal/sqlite"
	"github.com/pagekeeper/pagekeeper/internal/store"
	"github.com/pagekeeper/pagekeeper/internal/triage"
)

// The practice, and photos taken 30 m and about 3 km north of it.
var (
	practiceLoc = profile.Location{Latitude: 51.5014, Longitude: -0.1419, RadiusM: 100}
	nearLat     = 51.5014 + 30/111195.0
	farLat      = 51.5014 + 0.027
)

// coordinates are substrings of the positions above that must never reach
// a hold's text, the audit log or the logs.
var coordinates = []string{"51.50", "51.52", "0.141", "51°"}

func noCoordinates(t *testing.T, what, s string) {
	t.Helper()
	for _, c := range coordinates {
		if strings.Contains(s, c) {
			t.Errorf("%s shows a coordinate (%q): %s", what, c, s)
		}
	}
}

// photoServer serves test photos and counts requests by path.
type photoServer struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
}

func newPhotoServer(t *testing.T) *photoServer {
	t.Helper()
	near := exifJPEG(t, 64, 48, nearLat, practiceLoc.Longitude)
	far := exifJPEG(t, 64, 48, farLat, practiceLoc.Longitude)
	ps := &photoServer{hits: map[string]int{}}
	mux := http.NewServeMux()
	serve := func(b []byte, typ string) http.HandlerFunc {
		return func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", typ)
			w.Write(b)
		}
	}
	mux.Handle("GET /near.jpg", serve(near, "image/jpeg"))
	mux.Handle("GET /far.jpg", serve(far, "image/jpeg"))
	mux.Handle("GET /plain.jpg", serve(plainJPEG(t, 32, 32), "image/jpeg"))
	mux.Handle("GET /page.html", serve([]byte("<!doctype html><html><body>Log in to see this photo</body></html>"), "text/html"))
	mux.Handle("GET /photo.heic", serve(append([]byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), make([]byte, 64)...), "image/heic"))
	mux.Handle("GET /broken.jpg", serve(near[:len(near)*2/3], "image/jpeg"))
	mux.Handle("GET /garbage.jpg", serve([]byte("\xff\xd8not a JPEG at all"), "image/jpeg"))
	mux.HandleFunc("GET /huge.jpg", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "image/jpeg")
		w.Write(near[:2])
		chunk := make([]byte, 1<<20)
		for range 11 { // no Content-Length: the cap must stop the read
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("GET /to-file", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
	})
	mux.HandleFunc("GET /down.jpg", func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "upstream unavailable", http.StatusServiceUnavailable)
	})
	mux.HandleFunc("GET /flaky.jpg", func(w http.ResponseWriter, r *http.Request) {
		if ps.count(r.URL.Path) == 1 {
			http.Error(w, "upstream unavailable", http.StatusServiceUnavailable)
			return
		}
		serve(near, "image/jpeg")(w, r)
	})
	ps.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ps.mu.Lock()
		ps.hits[r.URL.Path]++
		ps.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(ps.Close)
	return ps
}

func (ps *photoServer) count(path string) int {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	return ps.hits[path]
}

func (ps *photoServer) total() int {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	n := 0
	for _, v := range ps.hits {
		n += v
	}
	return n
}

// lockedBuffer is a log sink safe for the workers' goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// mediaEnv is triage, the River queue and the workers on one SQLite file,
// inspecting photos from a photoServer.
type mediaEnv struct {
	db     *sqlite.DB
	q      *queue.River[*sql.Tx]
	svc    *triage.Service
	photos *photoServer
	logs   *lockedBuffer
}

type mediaOpts struct {
	location *profile.Location
	client   func(*photoServer) *http.Client                          // the server's client when nil
	store    func(*sqlite.DB) store.Store                             // what triage writes to; the db when nil
	loc      func(context.Context, string) (*profile.Location, error) // overrides location
}

func newMediaEnv(t *testing.T, o mediaOpts) *mediaEnv {
	t.Helper()
	e := &mediaEnv{photos: newPhotoServer(t), logs: &lockedBuffer{}}
	db, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "pk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.CreatePractice(t.Context(), &store.Practice{ID: practiceID, Name: "Roxbourne", CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	client := e.photos.Client()
	if o.client != nil {
		client = o.client(e.photos)
	}
	loc := o.loc
	if loc == nil {
		loc = func(_ context.Context, id string) (*profile.Location, error) {
			if id != practiceID {
				return nil, fmt.Errorf("unknown practice %q", id)
			}
			return o.location, nil
		}
	}
	log := slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	w, err := jobs.New(jobs.Config{Store: db, Connector: connector{}, Notifier: &notes{}, Logger: log,
		MediaClient: client, PracticeLocation: loc})
	if err != nil {
		t.Fatal(err)
	}
	q, err := queue.NewSQLite(db.SQL(), queue.Config{Handlers: w.Handlers(), OnDead: w.OnDead, MaxAttempts: 3,
		Backoff: func(int) time.Duration { return 10 * time.Millisecond }, PollInterval: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	var st store.Store = db
	if o.store != nil {
		st = o.store(db)
	}
	svc, err := triage.New(triage.Config{Store: st, Queue: q, InspectMedia: true,
		Practices: triage.Static{practiceID: {Profile: testProfile(), Judge: stubJudge}}, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	e.db, e.q, e.svc = db, q, svc
	if err := q.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		q.Stop(ctx)
	})
	return e
}

var photoSeq int

// photoPost is a Facebook comment with photos at the given addresses
// (paths on the photo server, or whole URLs).
func (e *mediaEnv) photoPost(text string, media ...moderation.Media) platform.Event {
	photoSeq++
	id := fmt.Sprintf("998877665544332_%016d", 5522334455660000+photoSeq)
	for i, m := range media {
		if strings.HasPrefix(m.URL, "/") {
			media[i].URL = e.photos.URL + m.URL
		}
	}
	ref := platform.Ref{Channel: moderation.Facebook, PageID: pageID, ObjectID: id, ParentID: fbPostID}
	return platform.Event{Kind: platform.Added, Ref: ref, DedupeKey: "facebook:" + id + ":add", Raw: []byte(`{"id":"` + id + `"}`),
		Post: moderation.Post{Channel: moderation.Facebook, ExternalID: id, ParentID: fbPostID,
			Author: moderation.Author{ID: "7712345098765432", Name: "Sam Patient"}, Text: text, Media: media, CreatedAt: time.Now()}}
}

func photos(paths ...string) []moderation.Media {
	var out []moderation.Media
	for _, p := range paths {
		out = append(out, moderation.Media{Kind: "photo", URL: p})
	}
	return out
}

// inspected ingests ev and waits for its inspection job to complete,
// returning the post's hold.
func (e *mediaEnv) inspected(t *testing.T, ev platform.Event) (triage.Result, store.Action) {
	t.Helper()
	res, err := e.svc.Ingest(t.Context(), practiceID, ev)
	if err != nil {
		t.Fatalf("Ingest: %v", err)
	}
	var hold store.Action
	for _, a := range e.actions(t, res.PostID) {
		if a.Kind == moderation.ActionHold {
			hold = a
		}
	}
	if hold.ID == 0 {
		t.Fatalf("post %d has no hold", res.PostID)
	}
	eventually(t, fmt.Sprintf("the inspection of post %d", res.PostID), func() bool {
		return e.inspectState(t, hold.ID) == "completed"
	})
	return res, e.action(t, hold.ID)
}

// inspectState is the River state of the newest inspection job for the hold.
func (e *mediaEnv) inspectState(t *testing.T, holdID int64) string {
	t.Helper()
	var st string
	err := e.db.SQL().QueryRowContext(t.Context(), `SELECT state FROM river_job WHERE kind = ? AND json_extract(args, '$.action') = ?
		ORDER BY id DESC LIMIT 1`, jobs.JobInspectMedia, holdID).Scan(&st)
	if errors.Is(err, sql.ErrNoRows) {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	if st == "discarded" || st == "cancelled" {
		t.Fatalf("the inspection of hold %d was %s: a photo must never fail it", holdID, st)
	}
	return st
}

func (e *mediaEnv) inspectJobs(t *testing.T) int {
	t.Helper()
	var n int
	if err := e.db.SQL().QueryRowContext(t.Context(), `SELECT count(*) FROM river_job WHERE kind = ?`, jobs.JobInspectMedia).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (e *mediaEnv) actions(t *testing.T, postID int64) []store.Action {
	t.Helper()
	as, err := e.db.ActionsForPost(t.Context(), practiceID, postID)
	if err != nil {
		t.Fatal(err)
	}
	return as
}

func (e *mediaEnv) action(t *testing.T, id int64) store.Action {
	t.Helper()
	a, err := e.db.Action(t.Context(), practiceID, id)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func (e *mediaEnv) kept(t *testing.T, postID int64) []store.EvidenceMedia {
	t.Helper()
	ms, err := e.db.EvidenceMediaForPost(t.Context(), practiceID, postID)
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

const clause5 = "has a photo or video: check it shows no patients or staff (clause 5)"

func TestPhotoNearThePracticeIsSignalled(t *testing.T) {
	e := newMediaEnv(t, mediaOpts{location: &practiceLoc})
	res, hold := e.inspected(t, e.photoPost("", photos("/near.jpg")...))
	want := clause5 + `; photo 1 (near the practice: it may have been taken in the surgery): ` +
		`taken 30 m from the practice on 21 Nov 2026 at 08:40; camera "Apple iPhone 15"`
	if hold.Text != want {
		t.Errorf("hold reason\n got %q\nwant %q", hold.Text, want)
	}
	if hold.State != store.ActionPending {
		t.Errorf("hold %s, want still pending for a person", hold.State)
	}
	noCoordinates(t, "the hold's reason", hold.Text)

	ms := e.kept(t, res.PostID)
	if len(ms) != 1 {
		t.Fatalf("%d media kept, want 1", len(ms))
	}
	m := ms[0]
	if m.Index != 1 || m.ContentType != "image/jpeg" || !m.Intact() {
		t.Errorf("kept media %d: index %d, type %q, intact %v", m.ID, m.Index, m.ContentType, m.Intact())
	}
	if bytes.Contains(m.Data, []byte("Exif")) {
		t.Error("the kept photo still carries an Exif segment")
	}
	if _, err := media.ReadEXIF(bytes.NewReader(m.Data), int64(len(m.Data))+1); !errors.Is(err, media.ErrNoEXIF) {
		t.Errorf("ReadEXIF(kept photo) = %v, want ErrNoEXIF", err)
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(m.Data))
	if err != nil || cfg.Width != 64 || cfg.Height != 48 {
		t.Errorf("kept photo decodes to %dx%d, %v; want 64x48", cfg.Width, cfg.Height, err)
	}

	var evidence []store.AuditEntry
	for _, en := range verifyAudit(t, e.db) {
		noCoordinates(t, "audit detail", string(en.Detail))
		if strings.Contains(string(en.Detail), "Sam Patient") {
			t.Errorf("audit detail carries the author: %s", en.Detail)
		}
		if en.Kind == store.AuditEvidenceKept {
			evidence = append(evidence, en)
		}
	}
	if len(evidence) != 1 || !strings.Contains(string(evidence[0].Detail), m.SHA256) ||
		!strings.Contains(string(evidence[0].Detail), fmt.Sprintf(`"media":%d`, m.ID)) {
		t.Errorf("evidence_kept entries %v, want one naming media %d and its hash", evidence, m.ID)
	}
	noCoordinates(t, "the logs", e.logs.String())

	// The job running again (River after a crash, say) changes nothing.
	if err := e.db.WithTx(t.Context(), func(tx store.TxStore) error {
		_, err := e.q.InsertTx(t.Context(), tx, jobs.InspectMediaJob(hold))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the repeated inspection", func() bool { return e.inspectState(t, hold.ID) == "completed" })
	if again := e.action(t, hold.ID); again.Text != want {
		t.Errorf("a repeated inspection changed the reason to %q", again.Text)
	}
	if n := len(e.kept(t, res.PostID)); n != 1 {
		t.Errorf("%d media kept after a repeated inspection, want 1", n)
	}
}

func TestPhotoFarAwaySaysHowFar(t *testing.T) {
	e := newMediaEnv(t, mediaOpts{location: &practiceLoc})
	res, hold := e.inspected(t, e.photoPost("", photos("/far.jpg", "/plain.jpg")...))
	want := clause5 + `; photo 1: taken 3.0 km from the practice on 21 Nov 2026 at 08:40; camera "Apple iPhone 15"` +
		`; photo 2: no location, date or camera in the photo's metadata`
	if hold.Text != want {
		t.Errorf("hold reason\n got %q\nwant %q", hold.Text, want)
	}
	noCoordinates(t, "the hold's reason", hold.Text)
	if n := len(e.kept(t, res.PostID)); n != 2 {
		t.Errorf("%d media kept, want 2", n)
	}
}

func TestPhotoWithoutPracticeLocation(t *testing.T) {
	e := newMediaEnv(t, mediaOpts{})
	_, hold := e.inspected(t, e.photoPost("", photos("/near.jpg")...))
	want := clause5 + `; photo 1: taken at a recorded GPS position on 21 Nov 2026 at 08:40; camera "Apple iPhone 15"`
	if hold.Text != want {
		t.Errorf("hold reason\n got %q\nwant %q", hold.Text, want)
	}
}

func TestPhotosThatCannotBeCheckedLeaveANote(t *testing.T) {
	e := newMediaEnv(t, mediaOpts{location: &practiceLoc})
	tests := []struct {
		name string
		url  string
		want string
	}{
		{"not found", "/missing.jpg", "photo 1 could not be checked: it could not be downloaded (HTTP 404)"},
		{"too large", "/huge.jpg", "photo 1 could not be checked: it is larger than 10 MB"},
		{"a page, not a photo", "/page.html", "photo 1 could not be checked: the link leads to a page, not a photo"},
		{"HEIC", "/photo.heic", "photo 1 could not be checked: format not supported"},
		{"damaged metadata", "/garbage.jpg", "photo 1 could not be checked: the file is damaged or not a photo"},
		{"damaged image data", "/broken.jpg", `photo 1 (near the practice: it may have been taken in the surgery): ` +
			`taken 30 m from the practice on 21 Nov 2026 at 08:40; camera "Apple iPhone 15"; not kept: the image data is damaged`},
		{"redirect to a file", "/to-file", "photo 1 could not be checked: it could not be downloaded"},
		{"not a web address", "file:///etc/passwd", "photo 1 could not be checked: the link is not a web address"},
		{"server keeps failing", "/down.jpg", "photo 1 could not be checked: it could not be downloaded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, hold := e.inspected(t, e.photoPost("", photos(tt.url)...))
			if want := clause5 + "; " + tt.want; hold.Text != want {
				t.Errorf("hold reason\n got %q\nwant %q", hold.Text, want)
			}
			if n := len(e.kept(t, res.PostID)); n != 0 {
				t.Errorf("%d media kept from a photo that could not be checked", n)
			}
		})
	}
	if n := e.photos.count("/down.jpg"); n != 3 {
		t.Errorf("a failing server was asked %d times, want 3 (the queue's attempts)", n)
	}
	if n := e.photos.count("/etc/passwd"); n != 0 {
		t.Errorf("a redirect to a file was followed %d times", n)
	}
	verifyAudit(t, e.db)
}

func TestPhotoDownloadIsRetried(t *testing.T) {
	e := newMediaEnv(t, mediaOpts{location: &practiceLoc})
	res, hold := e.inspected(t, e.photoPost("", photos("/flaky.jpg")...))
	if !strings.Contains(hold.Text, "photo 1 (near the practice") {
		t.Errorf("hold reason %q, want the photo checked after a retry", hold.Text)
	}
	if n := e.photos.count("/flaky.jpg"); n != 2 {
		t.Errorf("%d downloads, want 2", n)
	}
	if n := len(e.kept(t, res.PostID)); n != 1 {
		t.Errorf("%d media kept, want 1", n)
	}
}

func TestAtMostFourPhotosAreChecked(t *testing.T) {
	e := newMediaEnv(t, mediaOpts{location: &practiceLoc})
	ms := append(photos("/far.jpg", "/far.jpg", "/far.jpg", "/far.jpg", "/near.jpg"), moderation.Media{Kind: "video", URL: "/clip.mp4"})
	res, hold := e.inspected(t, e.photoPost("", ms...))
	if !strings.HasSuffix(hold.Text, "; photo 5 was not checked (Pagekeeper checks 4)") || strings.Contains(hold.Text, "near the practice") {
		t.Errorf("hold reason %q", hold.Text)
	}
	if n := e.photos.count("/far.jpg"); n != 4 || e.photos.count("/near.jpg") != 0 || e.photos.count("/clip.mp4") != 0 {
		t.Errorf("downloads %v, want /far.jpg four times and nothing else", e.photos.hits)
	}
	// The same photo four times is kept once.
	if n := len(e.kept(t, res.PostID)); n != 1 {
		t.Errorf("%d media kept, want 1", n)
	}
}

func TestPostWithoutPhotosGetsNoInspection(t *testing.T) {
	e := newMediaEnv(t, mediaOpts{location: &practiceLoc})
	for _, ev := range []platform.Event{
		e.photoPost("Thanks for today"),
		e.photoPost("", moderation.Media{Kind: "video", URL: "/clip.mp4"}),
		e.photoPost("", moderation.Media{Kind: "photo"}),
	} {
		if _, err := e.svc.Ingest(t.Context(), practiceID, ev); err != nil {
			t.Fatal(err)
		}
	}
	quiet()
	if n := e.inspectJobs(t); n != 0 {
		t.Errorf("%d inspection jobs for posts without photos", n)
	}
	if n := e.photos.total(); n != 0 {
		t.Errorf("%d downloads for posts without photos", n)
	}
}

// failDecided is a store whose transactions fail at the "decided" audit
// entry, after the post, its actions and their jobs were written.
type failDecided struct{ store.Store }

var errDecided = errors.New("injected failure")

func (f failDecided) WithTx(ctx context.Context, fn func(store.TxStore) error) error {
	return f.Store.WithTx(ctx, func(tx store.TxStore) error { return fn(failDecidedTx{tx}) })
}

type failDecidedTx struct{ store.TxStore }

func (f failDecidedTx) InsertAudit(ctx context.Context, en *store.AuditEntry) error {
	if en.Kind == store.AuditDecided {
		return errDecided
	}
	return f.TxStore.InsertAudit(ctx, en)
}

func TestRolledBackIngestIsNeverInspected(t *testing.T) {
	e := newMediaEnv(t, mediaOpts{location: &practiceLoc, store: func(db *sqlite.DB) store.Store { return failDecided{db} }})
	if _, err := e.svc.Ingest(t.Context(), practiceID, e.photoPost("", photos("/near.jpg")...)); !errors.Is(err, errDecided) {
		t.Fatalf("Ingest = %v, want the injected failure", err)
	}
	quiet()
	if n := e.inspectJobs(t); n != 0 {
		t.Errorf("%d inspection jobs survived the rollback", n)
	}
	if n := e.photos.total(); n != 0 {
		t.Errorf("the photo was downloaded %d times for an ingest that rolled back", n)
	}
	if ps, _ := e.db.ListPosts(t.Context(), practiceID, store.PostFilter{}); len(ps) != 0 {
		t.Errorf("%d posts survived the rollback", len(ps))
	}
}

func TestDefaultMediaClientRefusesPrivateAddresses(t *testing.T) {
	e := newMediaEnv(t, mediaOpts{location: &practiceLoc, client: func(*photoServer) *http.Client { return nil }})
	_, hold := e.inspected(t, e.photoPost("", photos("/near.jpg")...))
	if want := clause5 + "; photo 1 could not be checked: it could not be downloaded"; hold.Text != want {
		t.Errorf("hold reason\n got %q\nwant %q", hold.Text, want)
	}
	if n := e.photos.total(); n != 0 {
		t.Errorf("the default client reached a loopback server %d times", n)
	}
	if strings.Contains(e.logs.String(), "will retry") {
		t.Error("a refused address was retried: retrying cannot make it public")
	}
}

func TestInspectionThatKeepsFailingSaysSo(t *testing.T) {
	broken := func(context.Context, string) (*profile.Location, error) { return nil, errors.New("profile unreadable") }
	e := newMediaEnv(t, mediaOpts{loc: broken})
	res, err := e.svc.Ingest(t.Context(), practiceID, e.photoPost("", photos("/near.jpg")...))
	if err != nil {
		t.Fatal(err)
	}
	var hold store.Action
	eventually(t, "the dead inspection to be recorded", func() bool {
		as := e.actions(t, res.PostID)
		i := slices.IndexFunc(as, func(a store.Action) bool { return a.Kind == moderation.ActionHold })
		hold = as[i]
		return strings.Contains(hold.Text, "could not be checked automatically")
	})
	if hold.State != store.ActionPending {
		t.Errorf("hold %s after its inspection died, want pending: it still waits for a person", hold.State)
	}
	var failed int
	for _, en := range verifyAudit(t, e.db) {
		if en.Kind == store.AuditFailed && strings.Contains(string(en.Detail), jobs.JobInspectMedia) {
			failed++
		}
	}
	if failed != 1 {
		t.Errorf("%d failed-inspection audit entries, want 1", failed)
	}
}

func TestInspectMediaJobCarriesIDsOnly(t *testing.T) {
	j := jobs.InspectMediaJob(store.Action{ID: 40, PracticeID: practiceID, PostID: 12, Kind: moderation.ActionHold, Text: "Sam's photo"})
	if j.Kind != jobs.JobInspectMedia || string(j.Payload) != `{"practice":"roxbourne","action":40}` {
		t.Errorf("job %s %s", j.Kind, j.Payload)
	}
}

func TestPhotos(t *testing.T) {
	in := []moderation.Media{{Kind: "photo", URL: "https://a/1.jpg"}, {Kind: "video", URL: "https://a/2.mp4"}, {Kind: "photo"}, {Kind: "photo", URL: "https://a/3.jpg"}}
	got := jobs.Photos(in)
	if len(got) != 2 || got[0].URL != "https://a/1.jpg" || got[1].URL != "https://a/3.jpg" {
		t.Errorf("Photos = %v", got)
	}
}

// Test photos, built in code (after internal/media's build_test.go): a
// stdlib-encoded JPEG with an EXIF APP1 segment spliced in after SOI.

const (
	tagMake             = 0x010F
	tagModel            = 0x0110
	tagExifIFD          = 0x8769
	tagGPSIFD           = 0x8825
	tagDateTimeOriginal = 0x9003
	tagGPSLatitudeRef   = 0x0001
	tagGPSLatitude      = 0x0002
	tagGPSLongitudeRef  = 0x0003
	tagGPSLongitude     = 0x0004
	typeASCII           = 2
	typeLong            = 4
	typeRational        = 5
)

type tag struct {
	id, typ uint16
	count   uint32
	data    []byte
}

func asciiTag(id uint16, s string) tag {
	d := append([]byte(s), 0)
	return tag{id, typeASCII, uint32(len(d)), d}
}

// dms encodes decimal degrees as the degrees/minutes/seconds rationals
// cameras write, seconds to 1/10000.
func dms(id uint16, deg float64) tag {
	bo := binary.BigEndian
	if deg < 0 {
		deg = -deg
	}
	d := uint32(deg)
	m := uint32((deg - float64(d)) * 60)
	s := uint32(((deg-float64(d))*60 - float64(m)) * 60 * 10000)
	var b []byte
	for _, v := range [][2]uint32{{d, 1}, {m, 1}, {s, 10000}} {
		b = bo.AppendUint32(b, v[0])
		b = bo.AppendUint32(b, v[1])
	}
	return tag{id, typeRational, 3, b}
}

// buildTIFF lays out a big-endian TIFF block: header, IFD0 (with pointers
// to the Exif and GPS IFDs), the Exif IFD, the GPS IFD, each followed by
// its out-of-line values.
func buildTIFF(ifd0, exif, gps []tag) []byte {
	bo := binary.BigEndian
	ifd0 = append(slices.Clone(ifd0), tag{tagExifIFD, typeLong, 1, make([]byte, 4)}, tag{tagGPSIFD, typeLong, 1, make([]byte, 4)})
	size := func(tags []tag) int {
		n := 2 + 12*len(tags) + 4
		for _, t := range tags {
			if len(t.data) > 4 {
				n += len(t.data) + len(t.data)%2
			}
		}
		return n
	}
	exifOff := 8 + size(ifd0)
	gpsOff := exifOff + size(exif)
	bo.PutUint32(ifd0[len(ifd0)-2].data, uint32(exifOff))
	bo.PutUint32(ifd0[len(ifd0)-1].data, uint32(gpsOff))
	b := make([]byte, gpsOff+size(gps))
	copy(b, "MM")
	bo.PutUint16(b[2:], 42)
	bo.PutUint32(b[4:], 8)
	put := func(off int, tags []tag) {
		bo.PutUint16(b[off:], uint16(len(tags)))
		data := off + 2 + 12*len(tags) + 4
		for i, t := range tags {
			p := b[off+2+12*i:]
			bo.PutUint16(p, t.id)
			bo.PutUint16(p[2:], t.typ)
			bo.PutUint32(p[4:], t.count)
			if len(t.data) <= 4 {
				copy(p[8:12], t.data)
				continue
			}
			bo.PutUint32(p[8:], uint32(data))
			copy(b[data:], t.data)
			data += len(t.data) + len(t.data)%2
		}
	}
	put(8, ifd0)
	put(exifOff, exif)
	put(gpsOff, gps)
	return b
}

func plainJPEG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 4), uint8(y * 4), 200, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// exifJPEG is a w×h JPEG taken by an iPhone 15 at 08:40 on 21 Nov 2026 at
// the position lat, lon (north and west of Greenwich).
func exifJPEG(t *testing.T, w, h int, lat, lon float64) []byte {
	t.Helper()
	tiff := buildTIFF(
		[]tag{asciiTag(tagMake, "Apple"), asciiTag(tagModel, "iPhone 15")},
		[]tag{asciiTag(tagDateTimeOriginal, "2026:11:21 08:40:12")},
		[]tag{asciiTag(tagGPSLatitudeRef, "N"), dms(tagGPSLatitude, lat), asciiTag(tagGPSLongitudeRef, "W"), dms(tagGPSLongitude, lon)})
	payload := append([]byte("Exif\x00\x00"), tiff...)
	seg := binary.BigEndian.AppendUint16([]byte{0xFF, 0xE1}, uint16(len(payload)+2))
	seg = append(seg, payload...)
	jpg := plainJPEG(t, w, h)
	out := append(slices.Clone(jpg[:2]), seg...)
	return append(out, jpg[2:]...)
}
