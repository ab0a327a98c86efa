package platformtest

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// SeenHeader is the request header a ClientView numbers its calls with;
// the fakes keep it in Call.Header, which joins a fake's record of a call
// to the client's.
const SeenHeader = "Platformtest-Call"

// Seen is how a call ended for the client.
type Seen struct {
	// Status is the status the client read, 0 when no answer reached it.
	Status int
	// Err is why the client got no whole answer (its timeout, a cut
	// connection), nil when it read the answer to its end or chose to stop.
	Err error
	// Start is when the client sent the call.
	Start time.Time
	// End is when the call ended for the client: it read the answer to
	// its end, closed it, or gave up. Zero while it has not.
	End time.Time
}

// Definite reports whether the client got the platform's answer: a status
// and, with it, the whole body it read.
func (s Seen) Definite() bool { return s.Status != 0 && s.Err == nil }

// ClientView is an http.RoundTripper, for a platform client's HTTP client,
// that records how each call ended for the client: a fake records what it
// answered, which a client that gave up first never read (a timeout that
// fell after the fake had acted, say). Safe for concurrent use.
type ClientView struct {
	Next http.RoundTripper // http.DefaultTransport when nil

	mu   sync.Mutex
	seq  int
	seen map[string]*Seen
}

var _ http.RoundTripper = (*ClientView)(nil)

// RoundTrip numbers the call in SeenHeader and sends it on.
func (v *ClientView) RoundTrip(req *http.Request) (*http.Response, error) {
	next := v.Next
	if next == nil {
		next = http.DefaultTransport
	}
	v.mu.Lock()
	v.seq++
	id := strconv.Itoa(v.seq)
	s := &Seen{Start: time.Now()}
	if v.seen == nil {
		v.seen = map[string]*Seen{}
	}
	v.seen[id] = s
	v.mu.Unlock()
	req = req.Clone(req.Context())
	req.Header.Set(SeenHeader, id)
	resp, err := next.RoundTrip(req)
	v.mu.Lock()
	defer v.mu.Unlock()
	if err != nil {
		s.Err, s.End = err, time.Now()
		return nil, err
	}
	s.Status = resp.StatusCode
	resp.Body = &seenBody{ReadCloser: resp.Body, v: v, s: s}
	return resp, nil
}

// Seen returns how call c ended for the client; false when c did not come
// through v.
func (v *ClientView) Seen(c Call) (Seen, bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	s, ok := v.seen[c.Header.Get(SeenHeader)]
	if !ok {
		return Seen{}, false
	}
	return *s, true
}

// seenBody records when the client finished with an answer's body, and a
// failure to read it.
type seenBody struct {
	io.ReadCloser
	v *ClientView
	s *Seen
}

func (b *seenBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil {
		b.end(err)
	}
	return n, err
}

func (b *seenBody) Close() error {
	err := b.ReadCloser.Close()
	b.end(nil)
	return err
}

// end records the first end of the call; err is a read's error.
func (b *seenBody) end(err error) {
	b.v.mu.Lock()
	defer b.v.mu.Unlock()
	if !b.s.End.IsZero() {
		return
	}
	b.s.End = time.Now()
	if err != nil && !errors.Is(err, io.EOF) {
		b.s.Err = err
	}
}
