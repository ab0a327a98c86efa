// Package platformtest provides fake platforms for tests and the demo:
// httptest servers that speak the real wire formats of platforms.md
// (FakeGraph for Facebook and Instagram, FakeX, FakeWordPress), record every
// call, keep comments in memory so reads reflect actions, fail on request with
// real-shaped errors, and send signed webhooks. It imports only the standard
// library, so the adapters' tests can use it without cycles. Non-test code
// may import it only from the demo command.
//
// Every fake takes a clock (func() time.Time) so tests control rate-limit
// windows and timestamps.
package platformtest

import (
	"math/rand/v2"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// Fault is a canned failure a fake answers with instead of doing the call.
type Fault struct {
	Status int
	Header http.Header
	Body   string
}

func (f Fault) write(w http.ResponseWriter) {
	for k, vs := range f.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(f.Status)
	_, _ = w.Write([]byte(f.Body))
}

// faults holds the failures a fake has been told to inject.
type faults struct {
	mu       sync.Mutex
	next     []Fault
	fraction float64
	frac     Fault
	rnd      *rand.Rand
}

// FailNext makes the next n calls fail with f, after any failures already
// queued. A zero Fault lets its call through, so a test can fail, say, only
// the second call: FailNext(1, Fault{}) then FailNext(1, f).
func (fs *faults) FailNext(n int, f Fault) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for range n {
		fs.next = append(fs.next, f)
	}
}

// FailFraction makes a fraction p of later calls fail with f, chosen by a
// generator seeded with seed so runs repeat. p = 0 stops it.
func (fs *faults) FailFraction(p float64, f Fault, seed uint64) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.fraction, fs.frac, fs.rnd = p, f, rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}

func (fs *faults) take() (Fault, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if len(fs.next) > 0 {
		f := fs.next[0]
		fs.next = fs.next[1:]
		return f, f.Status != 0
	}
	if fs.fraction > 0 && fs.rnd.Float64() < fs.fraction {
		return fs.frac, true
	}
	return Fault{}, false
}

// Call is one request a fake received.
type Call struct {
	Method string
	Path   string     // without the Graph version prefix
	Query  url.Values // the query string
	Form   url.Values // a form body, if one was sent
	Body   []byte     // the raw body
	Header http.Header
	Time   time.Time // the fake's clock when the call arrived
}

// calls records requests.
type calls struct {
	mu   sync.Mutex
	list []Call
}

func (c *calls) add(call Call) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.list = append(c.list, call)
}

// Calls returns every call received so far, oldest first.
func (c *calls) Calls() []Call {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Call(nil), c.list...)
}

// Reset forgets the calls received so far.
func (c *calls) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.list = nil
}

func clock(now func() time.Time) func() time.Time {
	if now == nil {
		return time.Now
	}
	return now
}
