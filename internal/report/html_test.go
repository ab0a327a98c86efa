package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/profile"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var t0 = time.Date(2026, 11, 20, 14, 3, 7, 0, time.UTC)

func loadProfile(t *testing.T) *profile.Profile {
	t.Helper()
	p, err := profile.LoadFile("testdata/practice.yaml")
	if err != nil {
		t.Fatalf("loading profile: %v", err)
	}
	return p
}

// sample is a defamation post that was hidden, deleted after evidence was
// kept, and escalated; its chain verified.
func sample(t *testing.T) *Report {
	t.Helper()
	text := "Dr Łukasz Nowak is a fraud and a drunk, he stole from the till at Ashgrove Surgery 😡"
	liar := strings.Index(text, "is a fraud and a drunk")
	stole := strings.Index(text, "he stole from the till")
	ev := store.Evidence{ID: 3, PracticeID: "ashgrove", PostID: 12, CapturedAt: t0.Add(2 * time.Minute),
		Text: text, AuthorID: "fb-user-991", AuthorName: "J. Bloggs", Permalink: "https://www.facebook.com/ashgrove/posts/555",
		Raw: []byte(`{"id":"555"}`), Fresh: []byte(`{"text":"..."}`)}
	ev.SHA256 = ev.Hash()
	return &Report{
		PracticeID: "ashgrove",
		Profile:    loadProfile(t),
		Post: store.Post{ID: 12, PracticeID: "ashgrove", Channel: moderation.Facebook, ExternalID: "555_1",
			AuthorID: "fb-user-991", AuthorName: "J. Bloggs", Text: text, Permalink: "https://www.facebook.com/ashgrove/posts/555",
			CreatedAt: t0.Add(-time.Minute), ReceivedAt: t0, Status: store.StatusDeleted},
		Decisions: []store.Decision{{ID: 5, PracticeID: "ashgrove", PostID: 12, DecidedBy: store.DecidedByAuto, DecidedAt: t0.Add(time.Second),
			Labels: []moderation.Category{moderation.Defamatory, moderation.Harassment},
			Findings: []moderation.Finding{
				{Category: moderation.Defamatory, Clause: moderation.ClauseDefamation, Start: liar, End: liar + len("is a fraud and a drunk"), Score: 0.91, Reason: "accuses a named member of staff of a crime"},
				{Category: moderation.Harassment, Clause: moderation.ClauseConduct, Start: stole, End: stole + len("he stole from the till"), Score: 0.7, Reason: "abusive allegation about staff"},
			}}},
		Actions: []store.Action{
			{ID: 40, Kind: moderation.ActionHide, Category: moderation.Defamatory, State: store.ActionDone, Attempts: 1, CreatedAt: t0.Add(time.Second), DoneAt: t0.Add(3 * time.Second)},
			{ID: 41, Kind: moderation.ActionDelete, Category: moderation.Defamatory, State: store.ActionDone, Attempts: 2, LastError: "graph: rate limited", CreatedAt: t0.Add(time.Second), DoneAt: t0.Add(3 * time.Minute)},
			{ID: 42, Kind: moderation.ActionEscalate, Role: "practice_manager", Category: moderation.Defamatory, State: store.ActionDone, Attempts: 1, CreatedAt: t0.Add(time.Second), DoneAt: t0.Add(4 * time.Second)},
		},
		Evidence: []store.Evidence{ev},
		Audit: []store.AuditEntry{
			{Seq: 7, Time: t0, Kind: store.AuditReceived, Subject: "post:12", Actor: "auto", Hash: strings.Repeat("a1", 32)},
			{Seq: 8, Time: t0.Add(time.Second), Kind: store.AuditDecided, Subject: "post:12", Actor: "auto", Hash: strings.Repeat("b2", 32)},
			{Seq: 9, Time: t0.Add(2 * time.Minute), Kind: store.AuditEvidenceKept, Subject: "post:12", Actor: "worker", Hash: strings.Repeat("c3", 32)},
			{Seq: 10, Time: t0.Add(3 * time.Minute), Kind: store.AuditActed, Subject: "action:41", Actor: "worker", Hash: strings.Repeat("d4", 32)},
		},
		Chain:       Chain{Entries: 11, Head: audit.Head{Seq: 11, Hash: strings.Repeat("e5", 32)}},
		GeneratedAt: t0.Add(24 * time.Hour),
	}
}

func render(t *testing.T, r *Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := r.WriteHTML(&b); err != nil {
		t.Fatalf("WriteHTML: %v", err)
	}
	return b.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file (run with -update to create it): %v", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got; run with -update if intended):\n%s", path, diff)
	}
}

func TestWriteHTMLGolden(t *testing.T) {
	tampered := sample(t)
	tampered.Evidence[0].Text += " (edited)"
	tampered.Chain = Chain{Entries: 8, Err: &audit.VerifyError{Seq: 9, Err: audit.ErrAltered}}
	none := sample(t)
	none.Decisions, none.Actions, none.Evidence, none.Audit = nil, nil, nil, nil
	tests := []struct {
		name string
		r    *Report
	}{
		{"defamation", sample(t)},
		{"tampered", tampered},
		{"no-findings", none},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			golden(t, tt.name, render(t, tt.r))
		})
	}
}

func TestWriteHTMLFacts(t *testing.T) {
	out := render(t, sample(t))
	for _, want := range []string{
		`<html lang="en-GB">`,
		"@media print",
		"Ashgrove Surgery (ODS Z99999)",
		`<mark title="Finding 1">is a fraud and a drunk</mark><sup class="ref">[1]</sup>`,
		`<mark title="Finding 2">he stole from the till</mark><sup class="ref">[2]</sup>`,
		"clause 8", "clause 4",
		profile.ClauseText(loadProfile(t), moderation.ClauseDefamation)[:40],
		"0.91",
		sample(t).Evidence[0].SHA256,
		`<span class="ok">Intact</span>`,
		"The practice's audit chain verified</span>: 11 entries",
		"For legal advisers",
		"states no opinion",
		"2026-11-21 14:03:07 UTC",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if bad := `class="bad"`; strings.Contains(out, bad) {
		t.Errorf("a verified report shows %s", bad)
	}
}

func TestWriteHTMLEscapes(t *testing.T) {
	r := sample(t)
	r.Post.Text = `<script>alert("x")</script> 'quoted' & "double" <b>bold</b>`
	r.Post.AuthorName = `<img src=x onerror="alert(1)">`
	r.Post.Permalink = `javascript:alert(1)`
	r.Decisions[0].Findings = []moderation.Finding{{Category: moderation.Obscene, Clause: moderation.ClauseConduct,
		Start: 0, End: len(`<script>alert("x")</script>`), Score: 1, Reason: `quotes "<script>"`}}
	r.Evidence[0].Text = `</div><script>evil()</script>`
	r.Actions[1].LastError = `<iframe src="https://evil.example">`
	out := render(t, r)
	for _, bad := range []string{"<script>", "<img", "<iframe", "<b>", `href="javascript:`} {
		if strings.Contains(out, bad) {
			t.Errorf("report contains %q unescaped", bad)
		}
	}
	for _, want := range []string{
		`<mark title="Finding 1">&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</mark>`,
		`&#39;quoted&#39; &amp; &#34;double&#34; &lt;b&gt;bold&lt;/b&gt;`,
		`&lt;img src=x onerror=&#34;alert(1)&#34;&gt;`,
		`&lt;/div&gt;&lt;script&gt;evil()&lt;/script&gt;`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks escaped %q", want)
		}
	}
}
