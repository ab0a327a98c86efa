package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/policy"
)

// syncBuffer is a bytes.Buffer safe for the demo's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// signIn signs in to the demo at base as email with the demo password and
// returns a client that keeps the session cookie.
func signIn(t *testing.T, base, email string) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	resp, err := c.PostForm(base+"login", url.Values{"email": {email}, "password": {demoPassword}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasSuffix(resp.Request.URL.Path, "/queue") {
		t.Fatalf("signing in as %s: %d at %s", email, resp.StatusCode, resp.Request.URL)
	}
	return c
}

func get(c *http.Client, u string) string {
	resp, err := c.Get(u)
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// TestDemoServesQueueAndHides checks the demo hides an abusive comment at
// the fake platform and a signed-in demo manager finds it in the review
// queue, with why it was hidden on its item page (hidden, or deleted once
// the guidance's delete has followed).
func TestDemoServesQueueAndHides(t *testing.T) {
	out := &syncBuffer{}
	env := &Env{Stdout: out, Stderr: out, Getenv: func(string) string { return "" }}
	d, err := startDemo(t.Context(), env, demoOptions{Addr: "127.0.0.1:0", NoBrowser: true, Pace: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	for _, want := range []string{d.URL + "login", demoManager, demoReception, `"demo"`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the demo did not print %s:\n%s", want, out)
		}
	}
	c := signIn(t, d.URL, demoManager)
	deadline := time.Now().Add(30 * time.Second)
	link := regexp.MustCompile(`href="(/posts/[0-9]+)">[^<]*on reception is a useless`)
	var queue, item string
	for {
		queue = get(c, d.URL+"queue?state=acted")
		hidden := false
		for _, call := range d.graph.Calls() {
			if call.Method == "POST" && (call.Form.Get("is_hidden") == "true" || call.Query.Get("hide") == "true") {
				hidden = true
			}
		}
		if m := link.FindStringSubmatch(queue); hidden && m != nil && strings.Contains(queue, "Harassment") {
			item = get(c, strings.TrimSuffix(d.URL, "/")+m[1])
			// Hidden (with a restore button) or, once the guidance's delete
			// has followed the hide (at once on the fast path), deleted.
			removed := strings.Contains(item, `id="form-restore"`) || strings.Contains(item, `nhsuk-tag--red">Deleted<`)
			if strings.Contains(item, "breaks clause") && strings.Contains(item, "<mark") && removed {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 30s: queue:\n%.3000s\nitem:\n%.3000s\noutput:\n%s", queue, item, out)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if r := signIn(t, d.URL, demoReception); !strings.Contains(get(r, d.URL+"queue"), `id="page-heading"`) {
		t.Error("reception@demo cannot open the queue")
	}
}

// TestDemoPolicyTestsPass checks the demo's policy tests pass against the
// demo practice with the real detectors, as the settings page runs them.
func TestDemoPolicyTestsPass(t *testing.T) {
	prof, _, _, err := loadDemoPractice("")
	if err != nil {
		t.Fatal(err)
	}
	judge, err := newLivePractices().Judge(prof)
	if err != nil {
		t.Fatal(err)
	}
	for _, pt := range demoPolicyTests {
		d := policy.Decide(prof, judge(pt.Text, pt.Channel))
		got := map[moderation.Category]bool{}
		for _, c := range d.Labels {
			got[c] = true
		}
		want := map[moderation.Category]bool{}
		for _, c := range pt.WantLabels {
			want[c] = true
		}
		if len(got) != len(want) {
			t.Errorf("%s: labels %v, want %v", pt.Name, d.Labels, pt.WantLabels)
		}
		for c := range want {
			if !got[c] {
				t.Errorf("%s: labels %v, want %v", pt.Name, d.Labels, pt.WantLabels)
			}
		}
		for _, k := range pt.WantActions {
			if !slices.ContainsFunc(d.Actions, func(a moderation.Action) bool { return a.Kind == k }) {
				t.Errorf("%s: actions %v lack %s", pt.Name, d.Actions, k)
			}
		}
	}
}

// TestDemoSettingsRunPolicyTests changes a staff alias in the running demo,
// as a new practice manager would: the policy tests pass and it is saved.
// Removing Dean from the directory fails the first test and is refused.
func TestDemoSettingsRunPolicyTests(t *testing.T) {
	out := &syncBuffer{}
	env := &Env{Stdout: out, Stderr: out, Getenv: func(string) string { return "" }}
	d, err := startDemo(t.Context(), env, demoOptions{Addr: "127.0.0.1:0", NoBrowser: true, Pace: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	c := signIn(t, d.URL, demoManager)
	prof, _, _, err := loadDemoPractice("")
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{"practice": {demoPracticeID}}
	dean := ""
	for i, s := range prof.Staff {
		pre := fmt.Sprintf("staff-%d-", i)
		form.Set(pre+"name", s.Name)
		form.Set(pre+"title", s.Title)
		form.Set(pre+"role", s.Role)
		form.Set(pre+"aliases", strings.Join(s.Aliases, ", "))
		if s.Name == "Dean Marsh" {
			dean = pre
			form.Set(pre+"aliases", strings.Join(append(s.Aliases, "Deano"), ", "))
		}
	}
	post := func(f url.Values) (int, string) {
		resp, err := c.PostForm(d.URL+"settings/staff", f)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := post(form); code != 200 || !strings.Contains(body, "Every policy test passed") || !strings.Contains(body, "Deano") {
		t.Fatalf("adding an alias: %d\n%.3000s", code, body)
	}
	form.Set(dean+"remove", "yes")
	if code, body := post(form); code != http.StatusConflict || !strings.Contains(body, "Abuse of a named receptionist is hidden") || !strings.Contains(body, `data-pass="false"`) {
		t.Errorf("removing Dean: %d, want 409 naming the failing test\n%.3000s", code, body)
	}
}

func TestDemoStopsAfterFor(t *testing.T) {
	out := &syncBuffer{}
	env := &Env{Stdout: out, Stderr: out, Getenv: func(string) string { return "" }}
	if code := Main(t.Context(), env, []string{"demo", "--addr", "127.0.0.1:0", "--no-browser", "--for", "1500ms", "--pace", "10ms"}); code != 0 {
		t.Fatalf("demo exit %d: %s", code, out)
	}
	if !strings.Contains(out.String(), "Ashgrove Surgery") || !strings.Contains(out.String(), "http://127.0.0.1:") {
		t.Errorf("demo output lacks the practice or the address:\n%s", out)
	}
}

func TestDemoHelpHidesTestFlags(t *testing.T) {
	_, _, errOut := run(t, "", "demo", "--help")
	if strings.Contains(errOut, "-pace") || strings.Contains(errOut, "-for ") || !strings.Contains(errOut, "-no-browser") {
		t.Errorf("help:\n%s", errOut)
	}
}
