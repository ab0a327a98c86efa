package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// TestPostShow checks the item page marks exactly each finding's span, in
// multi-byte text, quotes the clause from the practice's own guidance,
// gives the reason and escapes what the poster wrote.
func TestPostShow(t *testing.T) {
	e := newStaffEnv(t, nil)
	text := "Zoë at récéption 😡 is a <b>useless</b> cow"
	p := e.seedPost(t, "ashgrove", text, "useless</b> cow", moderation.Harassment, store.StatusHidden, moderation.ActionHide)
	rec := e.login(t, "reception@ashgrove").get(postPath(p, ""))
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	body := rec.Body.String()
	for _, want := range []string{
		`Zoë at récéption 😡 is a &lt;b&gt;<mark class="pk-mark">useless&lt;/b&gt; cow</mark>`,
		"breaks clause 4 of your guidance",
		"the test says so",
		`id="form-restore"`, `name="reason"`, `id="post-audit"`, `id="actions-table"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the item page lacks %s", want)
		}
	}
	if strings.Contains(body, "<b>useless") {
		t.Error("the poster's HTML is not escaped")
	}
	if !strings.Contains(body, "“Do not post") && !strings.Contains(body, `class="pk-clause"`) {
		t.Error("the clause is not quoted from the guidance")
	}
	if strings.Contains(body, `id="form-delete"`) || strings.Contains(body, `id="form-escalate"`) {
		t.Error("reception is offered delete or escalate")
	}
	if body := e.login(t, "manager@ashgrove").get(postPath(p, "")).Body.String(); !strings.Contains(body, `id="form-delete"`) || !strings.Contains(body, `id="report-link"`) {
		t.Error("a practice manager is not offered delete and the incident report")
	}
}

// TestPostShowBadSpans checks spans that are out of range or split a
// character never break the page or the text.
func TestPostShowBadSpans(t *testing.T) {
	e := newStaffEnv(t, nil)
	p := e.seedPost(t, "ashgrove", "ok 😡 ok", "", "", store.StatusVisible)
	d := store.Decision{PracticeID: "ashgrove", PostID: p.ID, DecidedBy: store.DecidedByAuto, DecidedAt: staffNow,
		Labels: []moderation.Category{moderation.Obscene},
		Findings: []moderation.Finding{{Category: moderation.Obscene, Start: 4, End: 5, Reason: "inside the emoji"},
			{Category: moderation.Obscene, Start: -3, End: 999, Reason: "everything and more"}}}
	if err := e.db.InsertDecision(t.Context(), &d); err != nil {
		t.Fatal(err)
	}
	rec := e.login(t, "reception@ashgrove").get(postPath(p, ""))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "😡") {
		t.Errorf("status %d; the emoji must survive whole", rec.Code)
	}
}
