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
	"net/http/httptest"
	"net/url"
	"sync"
	"time"
)

// Fault is a canned failure a fake answers with instead of doing the call.
type Fault struct {
	Status int
	Header http.Header
	Body   string
	// Hang makes the fake wait this long, or until the client gives up,
	// before answering: longer than the client's timeout, it is a timeout.
	// Either way the call is not done.
	Hang time.Duration
	// Kind names the fault in Call.Fault and FaultCounts ("rate_limit",
	// "server_error", "timeout", ...); FailRandom sets it.
	Kind string
	// Reset is when a rate-limit fault announces calls may resume.
	Reset time.Time
	// Apply makes the fake carry the call out before it answers with the
	// fault: the platform acted, but its answer says it failed (a 5xx) or
	// never comes (a Hang past the client's timeout). Call.Applied says
	// what the call came to.
	Apply bool
}

// inject answers with f; after a Hang it answers only if the client is
// still there.
func (f Fault) inject(w http.ResponseWriter, r *http.Request) {
	if f.Hang > 0 {
		t := time.NewTimer(f.Hang)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return
		}
	}
	f.write(w)
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

// RandomFault is one kind of failure FailRandom picks from.
type RandomFault struct {
	Kind   string  // names it in Call.Fault and FaultCounts
	Weight float64 // its share among the kinds; 1 when zero
	// Make builds the fault at the fake's time now (a rate limit announces
	// a reset after now). It is called with the fake's fault lock held.
	Make func(now time.Time) Fault
}

// faults holds the failures a fake has been told to inject.
type faults struct {
	mu       sync.Mutex
	next     []Fault
	fraction float64
	kinds    []RandomFault
	rnd      *rand.Rand
	counts   map[string]int
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
	kind := f.Kind
	if kind == "" {
		kind = "fraction"
	}
	fs.FailRandom(p, seed, RandomFault{Kind: kind, Make: func(time.Time) Fault { return f }})
}

// FailRandom makes a fraction p of later calls fail, each with one of kinds
// picked in proportion to its Weight, by a generator seeded with seed so
// runs repeat (for the same order of calls). p = 0 or no kinds stops it.
func (fs *faults) FailRandom(p float64, seed uint64, kinds ...RandomFault) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if len(kinds) == 0 {
		p = 0
	}
	fs.fraction, fs.kinds, fs.rnd = p, kinds, rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}

// FaultCounts returns how many faults of each kind have been injected
// (canned ones without a Kind count as "canned").
func (fs *faults) FaultCounts() map[string]int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	out := make(map[string]int, len(fs.counts))
	for k, n := range fs.counts {
		out[k] = n
	}
	return out
}

func (fs *faults) count(f Fault) {
	if fs.counts == nil {
		fs.counts = map[string]int{}
	}
	fs.counts[f.Kind]++
}

// take returns the fault the next call gets, if any; now is the fake's clock.
func (fs *faults) take(now time.Time) (Fault, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if len(fs.next) > 0 {
		f := fs.next[0]
		fs.next = fs.next[1:]
		if f.Status == 0 {
			return f, false
		}
		if f.Kind == "" {
			f.Kind = "canned"
		}
		fs.count(f)
		return f, true
	}
	if fs.fraction <= 0 || fs.rnd.Float64() >= fs.fraction {
		return Fault{}, false
	}
	var total float64
	for _, k := range fs.kinds {
		total += weight(k)
	}
	pick := fs.rnd.Float64() * total
	k := fs.kinds[len(fs.kinds)-1]
	for _, c := range fs.kinds {
		if pick < weight(c) {
			k = c
			break
		}
		pick -= weight(c)
	}
	f := k.Make(now)
	f.Kind = k.Kind
	fs.count(f)
	return f, true
}

// Acted is a RandomFault of kind that carries the call out, then answers
// with f (see Fault.Apply).
func Acted(kind string, f Fault) RandomFault {
	f.Apply = true
	return RandomFault{Kind: kind, Make: func(time.Time) Fault { return f }}
}

func weight(k RandomFault) float64 {
	if k.Weight <= 0 {
		return 1
	}
	return k.Weight
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
	// Set once the fake has answered (zero while a call is in progress):
	Status   int       // the status answered; 0 when the client gave up first
	Answered time.Time // the fake's clock when it answered
	Fault    Fault     // the fault injected instead of the call; Kind "" when none
	// Applied is, for a fault with Apply, the status the call came to
	// before the fake answered with the fault; 0 otherwise.
	Applied int
}

// OK reports whether the fake did the call: it answered 2xx with no
// fault, or it carried the call out to 2xx before answering with a fault
// (Fault.Apply).
func (c Call) OK() bool {
	return c.Fault.Kind == "" && c.Status/100 == 2 || c.Fault.Apply && c.Applied/100 == 2
}

// calls records requests.
type calls struct {
	mu   sync.Mutex
	list []Call
	base int // calls forgotten by Reset
}

// add records call and returns its number for done.
func (c *calls) add(call Call) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.list = append(c.list, call)
	return c.base + len(c.list) - 1
}

// done records how call n was answered; applied is what a fault with
// Apply carried out, nil for other calls.
func (c *calls) done(n int, status int, at time.Time, f Fault, applied *httptest.ResponseRecorder) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if i := n - c.base; i >= 0 && i < len(c.list) { // Reset may have forgotten it
		c.list[i].Status, c.list[i].Answered, c.list[i].Fault = status, at, f
		if applied != nil {
			c.list[i].Applied = applied.Code
		}
	}
}

// answer ends a call that took fault f (see Fault.Apply): a fault with
// Apply answers once the call has been carried out into applied.
func answer(w http.ResponseWriter, r *http.Request, f Fault, applied *httptest.ResponseRecorder) {
	if applied != nil {
		f.inject(w, r)
	}
}

// statusWriter remembers the status a handler answered with.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
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
	c.base += len(c.list)
	c.list = nil
}

func clock(now func() time.Time) func() time.Time {
	if now == nil {
		return time.Now
	}
	return now
}
