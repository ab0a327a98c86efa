package platformtest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestFaults(t *testing.T) {
	var fs faults
	now := time.Now()
	if _, ok := fs.take(now); ok {
		t.Fatal("zero faults failed a call")
	}
	fs.FailNext(2, GraphGone())
	for i := range 2 {
		if f, ok := fs.take(now); !ok || f.Status != 400 {
			t.Fatalf("call %d: %+v %v", i, f, ok)
		}
	}
	if _, ok := fs.take(now); ok {
		t.Fatal("a third call failed")
	}
	fs.FailFraction(1, GraphServerError(), 7)
	if f, ok := fs.take(now); !ok || f.Status != 500 {
		t.Fatalf("fraction 1: %+v %v", f, ok)
	}
	fs.FailFraction(0, Fault{}, 0)
	if _, ok := fs.take(now); ok {
		t.Fatal("fraction 0 failed a call")
	}
	if got := fs.FaultCounts(); got["canned"] != 2 || got["fraction"] != 1 {
		t.Errorf("FaultCounts = %v", got)
	}
}

func TestFailRandomIsSeededAndWeighted(t *testing.T) {
	draw := func(seed uint64) ([]string, map[string]int) {
		var fs faults
		fs.FailRandom(0.3, seed, GraphFaultMix(2*time.Second, time.Second)...)
		var kinds []string
		now := time.Unix(1763712000, 0)
		for range 3000 {
			f, ok := fs.take(now)
			if !ok {
				kinds = append(kinds, "")
				continue
			}
			kinds = append(kinds, f.Kind)
			if f.Kind == "rate_limit" && !f.Reset.Equal(now.Add(2*time.Second)) {
				t.Fatalf("rate limit announces %v, want now+2s", f.Reset)
			}
		}
		return kinds, fs.FaultCounts()
	}
	a, counts := draw(42)
	b, _ := draw(42)
	if strings.Join(a, ",") != strings.Join(b, ",") {
		t.Error("the same seed drew different faults")
	}
	total := 0
	for _, kind := range []string{"rate_limit", "server_error", "timeout"} {
		// Each kind is a third of 30% of 3000 calls: 300, give or take.
		if n := counts[kind]; n < 200 || n > 400 {
			t.Errorf("%s: %d of 3000 calls, want about 300", kind, n)
		}
		total += counts[kind]
	}
	if total < 800 || total > 1000 {
		t.Errorf("%d of 3000 calls failed, want about 900", total)
	}
	c, _ := draw(43)
	if strings.Join(a, ",") == strings.Join(c, ",") {
		t.Error("different seeds drew the same faults")
	}
}

func TestGraphRateLimitUntilAnnouncesTheReset(t *testing.T) {
	now := time.Unix(1763712000, 0)
	f := GraphRateLimitUntil(4, now, 3*time.Second)
	if got := f.Header.Get("X-Business-Use-Case-Usage"); !strings.Contains(got, `"estimated_time_to_regain_access":0.05}`) {
		t.Errorf("BUC header %s", got)
	}
	if f.Header.Get("X-App-Usage") == "" || !strings.Contains(f.Body, `"code":4`) {
		t.Errorf("code 4 without X-App-Usage: %+v", f)
	}
	if g := GraphRateLimitUntil(613, now, time.Minute); g.Header.Get("X-App-Usage") != "" || !g.Reset.Equal(now.Add(time.Minute)) {
		t.Errorf("code 613: %+v", g)
	}
	x := XFaultMix(1500*time.Millisecond, time.Second)[0].Make(now.Add(200 * time.Millisecond))
	if x.Status != 429 || x.Header.Get("X-Rate-Limit-Reset") != "1763712002" || !x.Reset.Equal(time.Unix(1763712002, 0)) {
		t.Errorf("X rate limit: %+v", x)
	}
}

func TestHangTimesOutAndIsRecorded(t *testing.T) {
	g := NewFakeGraph(nil)
	defer g.Close()
	g.Put(GraphObject{ID: "1_2", Text: "hello"})
	g.FailNext(1, GraphTimeout(30*time.Second))
	hc := &http.Client{Timeout: 200 * time.Millisecond}
	start := time.Now()
	_, err := hc.Post(g.URL+"/v26.0/1_2?is_hidden=true", "text/plain", nil)
	if err == nil || !errors.Is(err, context.DeadlineExceeded) && !strings.Contains(err.Error(), "Timeout") {
		t.Fatalf("a hung call answered: %v", err)
	}
	if time.Since(start) > 20*time.Second {
		t.Fatal("the client waited for the hang to end")
	}
	resp, err := hc.Post(g.URL+"/v26.0/1_2?is_hidden=true", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var calls []Call
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		calls = g.Calls()
		if len(calls) == 2 && !calls[0].Answered.IsZero() || time.Now().After(deadline) {
			break
		}
	}
	if len(calls) != 2 || calls[0].Fault.Kind != "canned" || calls[0].Status != 0 || calls[0].OK() {
		t.Errorf("the hung call: %+v", calls)
	}
	if !calls[1].OK() || calls[1].Status != 200 {
		t.Errorf("the call after it: %+v", calls[1])
	}
	if o, _ := g.Object("1_2"); !o.Hidden {
		t.Error("the second hide was not done")
	}
}

func TestExpireToken(t *testing.T) {
	g := NewFakeGraph(nil)
	defer g.Close()
	g.Put(GraphObject{ID: "1_2", Text: "hello"})
	g.ExpireToken("old")
	get := func(token string) int {
		req, _ := http.NewRequest("GET", g.URL+"/v26.0/1_2", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if get("old") != 400 || get("new") != 200 {
		t.Error("ExpireToken did not refuse only the expired token")
	}
	calls := g.Calls()
	if calls[0].Fault.Kind != "expired_token" || calls[1].Fault.Kind != "" || !calls[1].OK() {
		t.Errorf("calls: %+v", calls)
	}
}

func TestActedFaultsCarryTheCallOut(t *testing.T) {
	tests := []struct {
		name         string
		fault        Fault
		wantStatus   int // the status the client reads; 0 when it gives up
		wantDefinite bool
	}{
		{"answer lost", GraphTimeout(30 * time.Second), 0, false},
		{"5xx after acting", GraphServerError(), 500, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := NewFakeGraph(nil)
			defer g.Close()
			g.Put(GraphObject{ID: "1_2", Text: "hello"})
			g.FailRandom(1, 1, Acted("acted", tt.fault))
			view := &ClientView{}
			hc := &http.Client{Timeout: 300 * time.Millisecond, Transport: view}
			resp, err := hc.Post(g.URL+"/v26.0/1_2?is_hidden=true", "text/plain", nil)
			if err == nil {
				_, err = io.ReadAll(resp.Body)
				resp.Body.Close()
			}
			if (err == nil) != tt.wantDefinite {
				t.Fatalf("client: %v", err)
			}
			if o, _ := g.Object("1_2"); !o.Hidden {
				t.Error("the call was not carried out")
			}
			var calls []Call
			for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(10 * time.Millisecond) {
				if calls = g.Calls(); len(calls) == 1 && !calls[0].Answered.IsZero() || time.Now().After(deadline) {
					break
				}
			}
			if len(calls) != 1 || !calls[0].OK() || calls[0].Applied != 200 || calls[0].Fault.Kind != "acted" || !calls[0].Fault.Apply {
				t.Fatalf("calls: %+v", calls)
			}
			seen, ok := view.Seen(calls[0])
			if !ok || seen.Status != tt.wantStatus || seen.Definite() != tt.wantDefinite || (seen.Err == nil) != tt.wantDefinite ||
				seen.Start.IsZero() || seen.End.Before(seen.Start) {
				t.Errorf("seen %+v, %v; want status %d, definite %v", seen, ok, tt.wantStatus, tt.wantDefinite)
			}
		})
	}
}

func TestClientViewSeesAnswersAndTimeouts(t *testing.T) {
	slow := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow-body" {
			w.WriteHeader(200)
			w.(http.Flusher).Flush()
			<-slow // the client times out reading the body
		}
		_, _ = w.Write([]byte("ok"))
	}))
	defer srv.Close()
	defer close(slow)
	view := &ClientView{}
	hc := &http.Client{Timeout: 300 * time.Millisecond, Transport: view}
	get := func(path string) (string, error) {
		resp, err := hc.Get(srv.URL + path)
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return string(b), err
	}
	if body, err := get("/fast"); err != nil || body != "ok" {
		t.Fatalf("fast: %q %v", body, err)
	}
	if _, err := get("/slow-body"); err == nil {
		t.Fatal("slow body read")
	}
	for i, want := range []struct {
		status   int
		definite bool
	}{{200, true}, {200, false}} {
		s, ok := view.Seen(Call{Header: http.Header{SeenHeader: {strconv.Itoa(i + 1)}}})
		if !ok || s.Status != want.status || s.Definite() != want.definite || s.End.IsZero() {
			t.Errorf("call %d: %+v %v, want status %d definite %v", i+1, s, ok, want.status, want.definite)
		}
	}
	if _, ok := view.Seen(Call{Header: http.Header{}}); ok {
		t.Error("a call that did not come through the view was seen")
	}
}
