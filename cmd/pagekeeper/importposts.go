package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/profile"
	"github.com/pagekeeper/pagekeeper/internal/queue"
	"github.com/pagekeeper/pagekeeper/internal/sqlite"
	"github.com/pagekeeper/pagekeeper/internal/triage"
)

// historical is one post read from an import file.
type historical struct {
	ID        string `json:"id"`
	Text      string `json:"text"`
	Channel   string `json:"channel"`
	Author    string `json:"author"`
	CreatedAt string `json:"created_at"`
	Permalink string `json:"permalink"`
}

// importSummary counts what an import did.
type importSummary struct {
	Read, Stored, Duplicates, Bad int
	Labels                        map[moderation.Category]int
}

func runImportPosts(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "import-posts", "--db FILE --practice FILE [--practice-id ID] POSTS.csv|POSTS.jsonl", `
Judge historical posts and record them with their decisions in shadow mode:
every action is recorded as what would have been done, and nothing is done.
Use it to see how a practice's policy would have treated its past comments
before switching Pagekeeper on.

CSV files need a header row with at least "id" and "text"; "channel",
"author", "created_at" (RFC 3339) and "permalink" are read when present.
JSON Lines files hold one {"id","text",...} object a line with the same
names. A bad row is reported with its line and the rest go on. Importing the
same file twice stores nothing twice.`)
	dbPath := fs.String("db", "pagekeeper.db", "the SQLite database")
	path := fs.String("practice", "", "the practice profile (YAML)")
	id := fs.String("practice-id", "", "the practice's id in the database (default: the profile's ODS code, or its file name)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *path == "" || fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
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
	db, err := sqlite.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := ensurePractice(ctx, db, appPractice{ID: practiceID, Name: p.Name, ProfileYAML: profileYAML}); err != nil {
		return fmt.Errorf("recording the practice: %w", err)
	}
	q, err := queue.NewSQLite(db.SQL(), queue.Config{})
	if err != nil {
		return err
	}
	svc, err := triage.New(triage.Config{
		Store:     db,
		Queue:     q,
		Practices: triage.Static{practiceID: {Profile: p, Judge: eng.Judge}},
		ShadowAll: true,
	})
	if err != nil {
		return err
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	sum := importSummary{Labels: map[moderation.Category]int{}}
	report := func(line int, msg string) {
		sum.Bad++
		fmt.Fprintf(env.Stderr, "%s:%d: %s\n", fs.Arg(0), line, msg)
	}
	ingest := func(line int, h historical) error {
		sum.Read++
		ev, msg := h.event(p)
		if msg != "" {
			report(line, msg)
			return nil
		}
		res, err := svc.Ingest(ctx, practiceID, ev)
		if err != nil {
			return fmt.Errorf("%s:%d: storing post %q: %w", fs.Arg(0), line, h.ID, err)
		}
		if res.Duplicate {
			sum.Duplicates++
			return nil
		}
		sum.Stored++
		for _, c := range res.Decision.Labels {
			sum.Labels[c]++
		}
		if env.IsTerminal && sum.Read%100 == 0 {
			fmt.Fprintf(env.Stderr, "\r%d posts read", sum.Read)
		}
		return nil
	}
	unreadable := func(line int, msg string) { // a row that never became a post still counts as read
		sum.Read++
		report(line, msg)
	}
	if strings.EqualFold(filepath.Ext(fs.Arg(0)), ".csv") {
		err = readCSVPosts(f, unreadable, ingest)
	} else {
		err = readJSONLPosts(f, unreadable, ingest)
	}
	if env.IsTerminal {
		fmt.Fprint(env.Stderr, "\r\x1b[K")
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%d posts read: %d stored in shadow mode, %d already stored, %d bad rows\n", sum.Read, sum.Stored, sum.Duplicates, sum.Bad)
	for _, c := range moderation.AllCategories() {
		if n := sum.Labels[c]; n > 0 {
			fmt.Fprintf(env.Stdout, "  %-17s %d\n", c, n)
		}
	}
	return nil
}

// event turns a historical post into an ingest event, or says what is wrong with it.
func (h historical) event(p *profile.Profile) (platform.Event, string) {
	switch {
	case strings.TrimSpace(h.ID) == "":
		return platform.Event{}, `missing "id"`
	case !utf8.ValidString(h.Text):
		return platform.Event{}, "text is not valid UTF-8"
	}
	ch := moderation.Channel(h.Channel)
	if h.Channel == "" {
		ch = moderation.Website
		if len(p.Channels) > 0 {
			ch = p.Channels[0]
		}
	} else if !ch.Valid() {
		return platform.Event{}, fmt.Sprintf("unknown channel %q (want one of %v)", h.Channel, moderation.Channels())
	}
	var created time.Time
	if h.CreatedAt != "" {
		t, err := time.Parse(time.RFC3339, h.CreatedAt)
		if err != nil {
			return platform.Event{}, fmt.Sprintf("created_at %q is not an RFC 3339 time", h.CreatedAt)
		}
		created = t
	}
	ref := platform.Ref{Channel: ch, PageID: "import", ObjectID: h.ID}
	raw, _ := json.Marshal(h)
	return platform.Event{
		Kind: platform.Added,
		Ref:  ref,
		Post: moderation.Post{Channel: ch, ExternalID: h.ID, Author: moderation.Author{Name: h.Author},
			Text: h.Text, Permalink: h.Permalink, CreatedAt: created},
		DedupeKey: "import:" + string(ch) + ":" + h.ID,
		Raw:       raw,
	}, ""
}

func readJSONLPosts(r io.Reader, report func(int, string), ingest func(int, historical) error) error {
	br := bufio.NewReaderSize(r, 64*1024)
	for line := 1; ; line++ {
		b, tooLong, err := readLine(br)
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("reading posts: %w", err)
		}
		switch {
		case tooLong:
			report(line, fmt.Sprintf("line is longer than %d bytes", maxLine))
		case len(strings.TrimSpace(string(b))) == 0:
		default:
			var h historical
			if jerr := json.Unmarshal(b, &h); jerr != nil {
				report(line, "not a JSON object of strings: "+jerr.Error())
			} else if ierr := ingest(line, h); ierr != nil {
				return ierr
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
	}
}

func readCSVPosts(r io.Reader, report func(int, string), ingest func(int, historical) error) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return fmt.Errorf("reading the CSV header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	for _, need := range []string{"id", "text"} {
		if _, ok := col[need]; !ok {
			return fmt.Errorf("the CSV header has no %q column (it has %v)", need, head)
		}
	}
	get := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				report(pe.StartLine, pe.Err.Error())
				continue
			}
			return fmt.Errorf("reading posts: %w", err)
		}
		if slices.Equal(rec, []string{""}) {
			continue
		}
		line, _ := cr.FieldPos(0) // only after a record was read: FieldPos panics after an error (found by FuzzReadPosts)
		h := historical{ID: get(rec, "id"), Text: get(rec, "text"), Channel: get(rec, "channel"),
			Author: get(rec, "author"), CreatedAt: get(rec, "created_at"), Permalink: get(rec, "permalink")}
		if err := ingest(line, h); err != nil {
			return err
		}
	}
}
