package secondopinion

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
)

// fakeAPI is an httptest server speaking the chat completions wire format. It
// answers every request with content, or with status when it is not 200.
func fakeAPI(t *testing.T, status int, content string) (*httptest.Server, *atomic.Int32, *request) {
	t.Helper()
	var calls atomic.Int32
	var last request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" {
			http.Error(w, "not found", http.StatusNotFound)
			return
		}
		if got := r.Header.Get("Authorization"); got != "Bearer test-key" {
			http.Error(w, "unauthorised", http.StatusUnauthorized)
			return
		}
		if err := json.NewDecoder(r.Body).Decode(&last); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if status != http.StatusOK {
			http.Error(w, "overloaded", status)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{
			"id": "chatcmpl-1", "object": "chat.completion", "model": last.Model,
			"choices": []map[string]any{{"index": 0, "finish_reason": "stop",
				"message": map[string]string{"role": "assistant", "content": content}}},
		})
	}))
	t.Cleanup(srv.Close)
	return srv, &calls, &last
}

func cfg(url string) Config {
	return Config{Endpoint: url + "/v1", APIKey: "test-key", Model: "policy-judge", Policy: "Be kind. No reviews on this page."}
}

const post = "honestly can't be doing with any of this anymore"

func TestOffByDefault(t *testing.T) {
	_, calls, _ := fakeAPI(t, http.StatusOK, `{"categories":[]}`)
	in := []moderation.Finding{{Category: moderation.Complaint, Score: 0.5}}
	got, err := New(Config{}, nil).Review(t.Context(), post, in)
	if err != nil || !cmp.Equal(got, in) {
		t.Errorf("disabled Review = %v, %v; want findings unchanged", got, err)
	}
	if calls.Load() != 0 {
		t.Errorf("disabled client made %d calls", calls.Load())
	}
}

func TestOnlyUncertainPostsAreSent(t *testing.T) {
	srv, calls, _ := fakeAPI(t, http.StatusOK, `{"categories":[]}`)
	c := New(cfg(srv.URL), srv.Client())
	confident := []moderation.Finding{{Category: moderation.Review, Score: 0.95}}
	if _, err := c.Review(t.Context(), post, confident); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Review(t.Context(), post, nil); err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 0 {
		t.Errorf("confident or empty findings made %d calls, want 0", calls.Load())
	}
}

func TestRequestFormat(t *testing.T) {
	srv, _, last := fakeAPI(t, http.StatusOK, `{"categories":["complaint"]}`)
	c := New(cfg(srv.URL), srv.Client())
	if _, err := c.Review(t.Context(), post, []moderation.Finding{{Category: moderation.Complaint, Score: 0.5, End: 5}}); err != nil {
		t.Fatal(err)
	}
	if last.Model != "policy-judge" || len(last.Messages) != 2 || last.Messages[1].Content != post {
		t.Fatalf("request = %+v", last)
	}
	if !strings.Contains(last.Messages[0].Content, "Be kind. No reviews on this page.") {
		t.Error("system prompt does not carry the practice's policy")
	}
}

func TestMerge(t *testing.T) {
	uncertainComplaint := moderation.Finding{Category: moderation.Complaint, Clause: moderation.ClauseComplaints, Start: 0, End: 10, Score: 0.5, Reason: "grumbles"}
	tests := []struct {
		name   string
		answer string
		in     []moderation.Finding
		want   map[moderation.Category]float64 // category -> score
	}{
		{"confirms and raises", `{"categories":["complaint"]}`, []moderation.Finding{uncertainComplaint},
			map[moderation.Category]float64{moderation.Complaint: 0.7}},
		{"withdraws an uncertain complaint", `{"categories":[]}`, []moderation.Finding{uncertainComplaint}, map[moderation.Category]float64{}},
		{"adds safeguarding", `{"categories":["complaint","safeguarding"],"reasons":{"safeguarding":"may be thinking of ending their life"}}`,
			[]moderation.Finding{uncertainComplaint}, map[moderation.Category]float64{moderation.Complaint: 0.7, moderation.Safeguarding: 0.5}},
		{"ignores unknown categories", `{"categories":["complaint","pizza"]}`, []moderation.Finding{uncertainComplaint},
			map[moderation.Category]float64{moderation.Complaint: 0.7}},
		{"fenced json", "```json\n{\"categories\":[\"complaint\"]}\n```", []moderation.Finding{uncertainComplaint},
			map[moderation.Category]float64{moderation.Complaint: 0.7}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv, _, _ := fakeAPI(t, http.StatusOK, tc.answer)
			got, err := New(cfg(srv.URL), srv.Client()).Review(t.Context(), post, tc.in)
			if err != nil {
				t.Fatal(err)
			}
			scores := map[moderation.Category]float64{}
			for _, f := range got {
				scores[f.Category] = f.Score
				if f.Start < 0 || f.End > len(post) || f.Start >= f.End || f.Clause != f.Category.Clause() {
					t.Errorf("bad finding %+v", f)
				}
			}
			if diff := cmp.Diff(tc.want, scores); diff != "" {
				t.Errorf("scores (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNeverRemovesSafeguarding(t *testing.T) {
	srv, _, _ := fakeAPI(t, http.StatusOK, `{"categories":[]}`)
	in := []moderation.Finding{{Category: moderation.Safeguarding, Clause: moderation.ClauseSafeguarding, End: 5, Score: 0.4, Reason: "sounds hopeless"}}
	got, err := New(cfg(srv.URL), srv.Client()).Review(t.Context(), post, in)
	if err != nil {
		t.Fatal(err)
	}
	if !cmp.Equal(got, in) {
		t.Errorf("second opinion changed a safeguarding finding: %v", got)
	}
}

func TestServerErrorKeepsFindings(t *testing.T) {
	in := []moderation.Finding{{Category: moderation.Complaint, Score: 0.5, End: 3}, {Category: moderation.Safeguarding, Score: 0.5, End: 3}}
	for _, tc := range []struct {
		name    string
		status  int
		content string
	}{
		{"500", http.StatusInternalServerError, ""},
		{"429", http.StatusTooManyRequests, ""},
		{"not json", http.StatusOK, "I think this is a complaint."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, _, _ := fakeAPI(t, tc.status, tc.content)
			got, err := New(cfg(srv.URL), srv.Client()).Review(t.Context(), post, in)
			if err == nil {
				t.Error("want an error")
			}
			if !cmp.Equal(got, in) {
				t.Errorf("findings changed on error: %v", got)
			}
		})
	}
	t.Run("timeout", func(t *testing.T) {
		slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(300 * time.Millisecond):
			}
		}))
		defer slow.Close()
		c := cfg(slow.URL)
		c.Timeout = 50 * time.Millisecond
		got, err := New(c, slow.Client()).Review(t.Context(), post, in)
		if err == nil || !cmp.Equal(got, in) {
			t.Errorf("timeout: got %v, %v; want findings unchanged and an error", got, err)
		}
	})
}
