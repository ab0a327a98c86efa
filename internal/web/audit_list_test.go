package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// TestAuditListAndVerify restores a post, then finds the entry on the
// audit page, checks the log, and sees a tampered log reported.
func TestAuditListAndVerify(t *testing.T) {
	e := newStaffEnv(t, nil)
	p := e.seedPost(t, "ashgrove", "reception are idiots", "idiots", moderation.Harassment, store.StatusHidden, moderation.ActionHide)
	m := e.login(t, "manager@ashgrove")
	if rec := m.post(postPath(p, "restore"), url.Values{"reason": {"not abuse"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("restore = %d", rec.Code)
	}
	body := m.get("/audit").Body.String()
	for _, want := range []string{`id="audit-list"`, `data-audit-kind="restored"`, `href="` + postPath(p, "") + `"`, "manager@ashgrove", `id="audit-verify"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the audit page lacks %s", want)
		}
	}
	if strings.Contains(body, `id="audit-export"`) {
		t.Error("a practice manager is offered the export (IG lead and admin only)")
	}
	if body := m.get("/audit/verify").Body.String(); !strings.Contains(body, `id="verify-result"`) || !strings.Contains(body, "The log is intact") {
		t.Errorf("verify did not report an intact log:\n%.2000s", body)
	}
	if _, err := e.db.SQL().ExecContext(t.Context(), `UPDATE audit SET detail = '{"post":1}' WHERE practice_id = 'ashgrove' AND seq = 1`); err != nil {
		t.Fatal(err)
	}
	if body := m.get("/audit/verify").Body.String(); !strings.Contains(body, "tampered with") || !strings.Contains(body, "Entry 1") {
		t.Errorf("verify did not report the tampering:\n%.2000s", body)
	}
	if rec := m.get("/audit?practice=quorn"); rec.Code != http.StatusNotFound {
		t.Errorf("another practice's audit log = %d, want 404", rec.Code)
	}
}

func TestAuditExport(t *testing.T) {
	e := newStaffEnv(t, nil)
	p := e.seedPost(t, "ashgrove", "reception are idiots", "idiots", moderation.Harassment, store.StatusHidden, moderation.ActionHide)
	if rec := e.login(t, "reception@ashgrove").post(postPath(p, "confirm"), nil); rec.Code != http.StatusSeeOther {
		t.Fatal(rec.Code)
	}
	rec := e.login(t, "ig@ashgrove").get("/audit/export")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Content-Disposition"), "attachment") {
		t.Fatalf("export = %d %v", rec.Code, rec.Header())
	}
	head, err := audit.VerifyExport(rec.Body)
	if err != nil || head.Seq != 1 {
		t.Errorf("the export does not verify: %+v, %v", head, err)
	}
}

func TestPostOfSubject(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{{"post:12", 12, true}, {"action:3", 0, false}, {"post:x", 0, false}, {"post:-1", 0, false}}
	for _, tt := range tests {
		if got, ok := postOfSubject(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("postOfSubject(%q) = %d, %v", tt.in, got, ok)
		}
	}
}
