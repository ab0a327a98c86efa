package main

import (
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/profile"
)

// fixedEngine returns the same findings for every post.
type fixedEngine []moderation.Finding

func (f fixedEngine) Judge(string, moderation.Channel) []moderation.Finding {
	return append([]moderation.Finding(nil), f...)
}

func TestSecondOpinionJudgesAgainstRenderedGuidance(t *testing.T) {
	var system, auth string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var req struct {
			Messages []struct{ Role, Content string }
		}
		json.Unmarshal(b, &req)
		if len(req.Messages) > 0 {
			system = req.Messages[0].Content
		}
		auth = r.Header.Get("Authorization")
		json.NewEncoder(w).Encode(map[string]any{"choices": []map[string]any{{"message": map[string]string{
			"role": "assistant", "content": `{"categories":["complaint","safeguarding"],"reason":"the poster is unhappy and may be at risk"}`}}}})
	}))
	defer srv.Close()
	p, err := profile.LoadFile(demo)
	if err != nil {
		t.Fatal(err)
	}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	of := addOpinionFlags(fs)
	if err := fs.Parse([]string{"--second-opinion", srv.URL + "/v1", "--second-opinion-model", "m"}); err != nil {
		t.Fatal(err)
	}
	env := &Env{Getenv: func(k string) string {
		if k == "PAGEKEEPER_SECOND_OPINION_KEY" {
			return "secret-key"
		}
		return ""
	}}
	uncertain := fixedEngine{{Category: moderation.Complaint, Clause: moderation.ClauseComplaints, Start: 0, End: 4, Score: 0.5, Reason: "r"}}
	j, err := newJudge(env, p, uncertain, of)
	if err != nil {
		t.Fatal(err)
	}
	got := j(t.Context(), "fed up of all of this", moderation.Facebook)
	if !moderation.Labels(got).Has(moderation.Safeguarding) {
		t.Errorf("findings %v: the second opinion's safeguarding category was not added", got)
	}
	if !strings.Contains(system, "Patients must not post comments on social media that identify any staff") || !strings.Contains(system, p.Name) {
		t.Errorf("the second opinion was not given the practice's rendered guidance:\n%s", system)
	}
	if auth != "Bearer secret-key" {
		t.Errorf("Authorization = %q, want the key from the environment", auth)
	}

	srv.Close() // any failure leaves the detectors' findings as they were
	if got := j(t.Context(), "fed up", moderation.Facebook); len(got) != 1 || got[0].Category != moderation.Complaint {
		t.Errorf("with the API down, findings = %v, want the detectors' own", got)
	}
}

func TestSecondOpinionOffByDefault(t *testing.T) {
	p, err := profile.LoadFile(demo)
	if err != nil {
		t.Fatal(err)
	}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	of := addOpinionFlags(fs)
	j, err := newJudge(&Env{Getenv: func(string) string { return "" }}, p, fixedEngine{{Category: moderation.Review, Score: 0.5}}, of)
	if err != nil {
		t.Fatal(err)
	}
	if got := j(t.Context(), "x", ""); len(got) != 1 {
		t.Errorf("off by default changed the findings: %v", got)
	}
}
