package web

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/report"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// pageFixtures gives every staff page template data to render with; a
// page without an entry fails TestEveryPageRenders.
func pageFixtures(t *testing.T) map[string]page {
	at := time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)
	return map[string]page{
		"queue": {Title: "Review queue", Data: queueData{State: "needs_review", States: queueStates, MultiPractice: true,
			Categories: []option{{"harassment", "Harassment"}}, Channels: []option{{"facebook", "Facebook"}},
			PracticeOpts: []option{{"ashgrove", "Ashgrove"}}, Target: reviewTarget,
			Items: []queueRow{{ID: 1, Practice: "Ashgrove", Channel: moderation.Facebook, Received: at, Excerpt: "Dean is <useless>",
				Labels: []moderation.Category{moderation.Harassment}, Status: store.StatusHidden, Waiting: 5 * time.Hour, Overdue: true, AssignedTo: "you"}}}},
		"post": {Title: "Post on Facebook", Data: &postData{
			Post: store.Post{ID: 1, PracticeID: "ashgrove", Channel: moderation.Facebook, AuthorID: "a1", AuthorName: "Sam", Text: "Dean is useless",
				Status: store.StatusHidden, ReceivedAt: at, Permalink: "https://facebook.example/1"},
			Practice: "Ashgrove", Channel: "Facebook", Shadow: true,
			Segments:    []report.Segment{{Text: "Dean is "}, {Text: "useless", Findings: []int{1}}},
			Findings:    []findingRow{{N: 1, Category: moderation.Harassment, Describe: "abuse", Clause: "clause 4", ClauseText: "Do not post abuse.", Reason: "insult", Score: "0.90", Evidence: "useless"}},
			Decisions:   []decisionRow{{By: "Pagekeeper (automatically)", At: at, Labels: []moderation.Category{moderation.Harassment}}},
			Actions:     []actionRow{{Kind: "hide", Category: moderation.Harassment, State: store.ActionDone, By: "Pagekeeper", At: at, DoneAt: at}},
			Audit:       []auditRow{{Seq: 1, Time: at, Kind: store.AuditRestored, Actor: "manager@demo", Summary: "reason: fine"}},
			Review:      reviewView{AssignedTo: "you", AssignedID: 2, ReviewedBy: "you", ReviewedAt: at, Outcome: "restored"},
			History:     []historyRow{{ID: 1, Received: at, This: true, Status: store.StatusHidden}, {ID: 2, Received: at, Excerpt: "hello", Status: store.StatusVisible}},
			Bans:        []banRow{{By: "manager@demo", Reason: "abuse", At: at}},
			CanModerate: true, CanEscalate: true, CanReport: true, CanHide: true, CanRestore: true, CanDelete: true,
			Templates: []option{{"review", "Review: thanks"}}, Roles: []option{{"practice_manager", "Practice manager"}},
			Users: []option{{"2", "reception@demo"}}, Labels: []option{{"harassment", "Harassment"}},
			Form: postForm{Reason: "typed", BanReason: "typed", Note: "typed"}}},
		"audit": {Title: "Audit log", Data: &auditData{Practice: "ashgrove", PracticeName: "Ashgrove", CanExport: true, Total: 300, Older: 200,
			PracticeOpts: []option{{"ashgrove", "Ashgrove"}, {"quorn", "Quorn"}},
			Verify:       &verifyView{OK: false, BadSeq: 3, Problem: "entry altered"},
			Entries: []auditEntryRow{{Seq: 300, Time: at, Kind: store.AuditRestored, Subject: "post:1", Link: "/posts/1", Actor: "manager@demo", Summary: "reason: fine"},
				{Seq: 299, Time: at, Kind: store.AuditJudged, Subject: "post:1", Actor: "Pagekeeper"}}}},
		"stats": {Title: "Statistics", Data: statsData{Since: at, Until: at, Posts: 3, Median: "4 seconds",
			ByClause:    stackedBars("c1", "t", "d", []string{"1 Nov", "8 Nov"}, []series{{"clause 4", []int{1, 2}}}),
			ClauseTable: statTable{Caption: "c", Head: []string{"a", "b"}, Rows: [][]string{{"clause 4", "1"}}},
			ByChannel:   hbars("c2", "t", "d", []string{"Facebook"}, []int{3}), ChannelTable: statTable{Caption: "c"},
			TimeToAct: hbars("c3", "t", "d", []string{"under 10 seconds"}, []int{1}), ActTable: statTable{Caption: "c"},
			Deciders: hbars("c4", "t", "d", []string{"auto"}, []int{1}), DeciderTable: statTable{Caption: "c"},
			Feedback: statTable{Caption: "c", Rows: [][]string{{"Review", "1"}}}}},
		"settings": {Title: "Practice settings", Errors: nil, Data: func() *settingsData {
			d := &settingsData{Practice: "ashgrove", PracticeName: "Ashgrove", CanSave: true, Ran: true, Blocked: true, Against: "your change",
				PracticeOpts: []option{{"ashgrove", "Ashgrove"}, {"quorn", "Quorn"}},
				Categories:   []option{{"harassment", "Harassment"}}, Kinds: []option{{"hide", "Hide"}}, Channels: []option{{"facebook", "Facebook"}},
				NewTest: testForm{Name: "n", Text: "t", Channel: "facebook", Labels: []string{"harassment"}, Actions: []string{"hide"}},
				Tests: []testRow{{PolicyTest: store.PolicyTest{ID: 1, Name: "abuse is hidden", Text: "idiots", Channel: moderation.Facebook},
					Ran: true, Pass: false, GotLabels: "no concerns", WantText: "Harassment; then hide"}}}
			fillFromProfile(d, demoProfile(t))
			return d
		}()},
		"users": {Title: "Users", Data: &usersData{
			Practices: []userPractice{{ID: "ashgrove", Name: "Ashgrove", Users: []userRow{
				{ID: 1, Email: "manager@demo", Name: "Pat", Role: "practice_manager", RoleName: "practice manager", Self: true},
				{ID: 2, Email: "reception@demo", Name: "Sam", Role: "reception", RoleName: "reception", CanChange: true}}},
				{ID: "quorn", Name: "Quorn"}},
			PracticeOpts: []option{{"ashgrove", "Ashgrove"}, {"quorn", "Quorn"}},
			Roles:        []option{{"reception", "Reception"}, {"practice_manager", "Practice manager"}},
			Form:         userForm{Email: "new@demo", Name: "New", Role: "reception", Practice: "ashgrove", Password: "set"},
			Created:      &createdUser{Email: "temp@demo", Password: "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}}},
		"poster": {Title: "Guidance", Data: posterData{Doc: demoProfile(t).Doc(), Practice: "ashgrove"}},
		"login":  {Title: "Sign in", Data: loginData{Email: "a@b", Next: "/queue", Hint: "Demo: manager@demo, password demo"}},
		"error":  {Title: "Page not found", Data: errorData{Message: "There is no such page.", Next: &link{Href: "/queue", Text: "Go to the review queue"}}},
	}
}

// TestEveryPageRenders renders each page template in the layout with
// fixture data, signed in and signed out, and checks the accessibility
// basics every page shares.
func TestEveryPageRenders(t *testing.T) {
	pages, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	fixtures := pageFixtures(t)
	for name, tmpl := range pages {
		p, ok := fixtures[name]
		if !ok {
			t.Errorf("page %s has no fixture in pageFixtures", name)
			continue
		}
		for _, signedIn := range []bool{false, true} {
			p := p
			p.CSS = nhsukCSS
			if signedIn {
				p.User = &userView{ID: 1, Email: "manager@demo", RoleName: "practice manager"}
				p.Nav = []link{{Href: "/queue", Text: "Review queue", Current: true}}
				p.Errors = []fieldError{{Field: "reason", Msg: "Enter a reason"}}
				p.Notice = "Done."
			}
			var buf bytes.Buffer
			if err := tmpl.ExecuteTemplate(&buf, "layout", p); err != nil {
				t.Errorf("page %s (signed in %v): %v", name, signedIn, err)
				continue
			}
			html := buf.String()
			for _, want := range []string{`<html lang="en-GB">`, `href="#maincontent"`, `id="maincontent"`, `<h1`, `name="viewport"`, nhsukCSS} {
				if !strings.Contains(html, want) {
					t.Errorf("page %s (signed in %v) lacks %s", name, signedIn, want)
				}
			}
			if strings.Count(html, "<h1") != 1 {
				t.Errorf("page %s has %d h1 headings, want 1", name, strings.Count(html, "<h1"))
			}
			if signedIn && !strings.Contains(html, `id="error-summary"`) {
				t.Errorf("page %s does not show the error summary", name)
			}
		}
	}
	for name := range fixtures {
		if _, ok := pages[name]; !ok {
			t.Errorf("fixture %s has no page template", name)
		}
	}
}

func TestHumanHours(t *testing.T) {
	tests := []struct {
		name string
		min  int
		want string
	}{
		{"minutes", 5, "5 min"},
		{"hours", 185, "3 h 05 min"},
	}
	for _, tt := range tests {
		if got := humanHours(time.Duration(tt.min) * time.Minute); got != tt.want {
			t.Errorf("%s: humanHours = %q, want %q", tt.name, got, tt.want)
		}
	}
}
