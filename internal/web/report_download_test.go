package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

func TestReportDownload(t *testing.T) {
	e := newStaffEnv(t, nil)
	p := e.seedPost(t, "ashgrove", "Dr Heath is a drunk", "drunk", moderation.Defamatory, store.StatusHidden, moderation.ActionHide)
	if rec := e.login(t, "reception@ashgrove").get(postPath(p, "report")); rec.Code != http.StatusForbidden {
		t.Errorf("reception downloading a report = %d, want 403", rec.Code)
	}
	rec := e.login(t, "manager@ashgrove").get(postPath(p, "report"))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Content-Disposition"), "incident-report-post-") {
		t.Fatalf("report = %d %v", rec.Code, rec.Header())
	}
	if !strings.Contains(rec.Body.String(), "Dr Heath is a") || !strings.Contains(rec.Body.String(), "Ashgrove Surgery") {
		t.Error("the report lacks the post or the practice")
	}
	st := e.auditOf(t, "ashgrove", store.AuditStaffAction)
	if len(st) != 1 || detailOf(t, st[0])["action"] != "report_downloaded" {
		t.Errorf("the download is not in the audit log: %+v", st)
	}
	if rec := e.login(t, "reception@quorn").get(postPath(p, "report")); rec.Code != http.StatusForbidden && rec.Code != http.StatusNotFound {
		t.Errorf("another practice's report = %d", rec.Code)
	}
}
