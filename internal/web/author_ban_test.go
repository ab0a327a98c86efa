package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// TestAuthorHistoryAndBan checks the item page lists the poster's other
// posts on the practice's pages, and a page ban is recorded only when a
// manager decides it, with a reason, and audited.
func TestAuthorHistoryAndBan(t *testing.T) {
	e := newStaffEnv(t, nil)
	first := e.seedPost(t, "ashgrove", "reception are idiots", "idiots", moderation.Harassment, store.StatusHidden, moderation.ActionHide)
	second := e.seedPost(t, "ashgrove", "still idiots", "idiots", moderation.Harassment, store.StatusHidden, moderation.ActionHide)
	e.seedPost(t, "quorn", "same name elsewhere", "", "", store.StatusVisible)
	m := e.login(t, "manager@ashgrove")
	page := m.get(postPath(second, "")).Body.String()
	if !strings.Contains(page, `id="author-history"`) || !strings.Contains(page, `href="`+postPath(first, "")+`"`) {
		t.Errorf("the item page does not list the poster's earlier post")
	}
	if strings.Contains(page, "same name elsewhere") {
		t.Error("the history shows another practice's post")
	}
	if bans, _ := e.db.PageBans(t.Context(), "ashgrove", moderation.Facebook, second.AuthorID); len(bans) != 0 {
		t.Fatal("a ban exists before anyone decided one")
	}
	if rec := m.post(postPath(second, "ban"), url.Values{"reason": {" "}}); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), `href="#ban-reason"`) {
		t.Errorf("a ban without a reason = %d", rec.Code)
	}
	if rec := m.post(postPath(second, "ban"), url.Values{"reason": {"second abusive post this week"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("ban = %d:\n%s", rec.Code, rec.Body)
	}
	bans, err := e.db.PageBans(t.Context(), "ashgrove", moderation.Facebook, second.AuthorID)
	if err != nil || len(bans) != 1 || bans[0].DecidedBy != e.users["manager@ashgrove"].ID {
		t.Errorf("bans = %+v, %v", bans, err)
	}
	if st := e.auditOf(t, "ashgrove", store.AuditStaffAction); len(st) != 1 || detailOf(t, st[0])["action"] != "page_ban" {
		t.Errorf("audit = %+v", st)
	}
	if page := m.get(postPath(first, "")).Body.String(); !strings.Contains(page, "Banned from this page") {
		t.Error("the poster's other post does not show the ban")
	}
}
