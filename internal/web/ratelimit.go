package web

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Rate is a token bucket: Burst requests at once, then one every Every.
type Rate struct {
	Every time.Duration
	Burst int
}

// Limits are the per-client request limits. A zero field takes its default.
type Limits struct {
	// SignInPerIP limits sign-in attempts (POST /login) from one client
	// address, whatever the account.
	SignInPerIP Rate
	// SignInPerAccount limits failed sign-ins to one email address, from
	// anywhere, except from a browser that has signed in to that account
	// before (see deviceCookie): guessing is slowed, the real user is not
	// locked out.
	SignInPerAccount Rate
	// Webhook limits webhook deliveries from one address. Meta and X send
	// bursts of hundreds and retry what is refused, so it is generous: it
	// is there to stop a flood of junk, not to shape real traffic.
	Webhook Rate
	// MaxClients bounds the buckets each limiter keeps.
	MaxClients int
}

// DefaultLimits are the limits a zero Limits field takes.
var DefaultLimits = Limits{
	SignInPerIP:      Rate{Every: 6 * time.Second, Burst: 20},    // a surgery's staff behind one address
	SignInPerAccount: Rate{Every: time.Minute, Burst: 10},        // ten tries, then one a minute
	Webhook:          Rate{Every: time.Millisecond, Burst: 2000}, // 1000 a second sustained
	MaxClients:       10000,
}

// withDefaults fills in l's zero fields from DefaultLimits.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.SignInPerIP.Every <= 0 || l.SignInPerIP.Burst <= 0 {
		l.SignInPerIP = d.SignInPerIP
	}
	if l.SignInPerAccount.Every <= 0 || l.SignInPerAccount.Burst <= 0 {
		l.SignInPerAccount = d.SignInPerAccount
	}
	if l.Webhook.Every <= 0 || l.Webhook.Burst <= 0 {
		l.Webhook = d.Webhook
	}
	if l.MaxClients <= 0 {
		l.MaxClients = d.MaxClients
	}
	return l
}

// limiter keeps one token bucket per key (a client address, an account).
// Memory is bounded: a bucket that has filled up again is dropped (a new
// one would be identical), and when max keys are held the least recently
// used bucket goes. Its clock is the server's, so tests can move it.
type limiter struct {
	rate  rate.Limit
	burst int
	max   int
	now   func() time.Time

	mu        sync.Mutex
	buckets   map[string]*bucket
	lastSweep time.Time
	uses      uint64 // counts gets, to order buckets by last use
}

type bucket struct {
	lim  *rate.Limiter
	used uint64 // l.uses at the bucket's last use
}

func newLimiter(r Rate, max int, now func() time.Time) *limiter {
	return &limiter{rate: rate.Every(r.Every), burst: r.Burst, max: max, now: now, buckets: map[string]*bucket{}}
}

// refill is how long an empty bucket takes to fill: after that long
// unused, a bucket is worth nothing and may be dropped.
func (l *limiter) refill() time.Duration {
	return time.Duration(float64(l.burst) / float64(l.rate) * float64(time.Second))
}

// get returns key's bucket, making one if needed. l.mu must be held.
func (l *limiter) get(key string, now time.Time) *bucket {
	b, ok := l.buckets[key]
	if !ok {
		if now.Sub(l.lastSweep) >= l.refill() || len(l.buckets) >= l.max {
			l.sweep(now)
		}
		if len(l.buckets) >= l.max {
			l.dropOldest()
		}
		b = &bucket{lim: rate.NewLimiter(l.rate, l.burst)}
		l.buckets[key] = b
	}
	l.uses++
	b.used = l.uses
	return b
}

// sweep drops the buckets that are full again. l.mu must be held.
func (l *limiter) sweep(now time.Time) {
	l.lastSweep = now
	for k, b := range l.buckets {
		if b.lim.TokensAt(now) >= float64(l.burst) {
			delete(l.buckets, k)
		}
	}
}

// dropOldest drops the least recently used bucket. l.mu must be held.
func (l *limiter) dropOldest() {
	var oldest string
	var at uint64
	for k, b := range l.buckets {
		if oldest == "" || b.used < at {
			oldest, at = k, b.used
		}
	}
	delete(l.buckets, oldest)
}

// allow takes a token from key's bucket. When there is none it returns
// false and how long until there will be one.
func (l *limiter) allow(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.get(key, now)
	if b.lim.AllowN(now, 1) {
		return true, 0
	}
	return false, l.wait(b, now)
}

// check reports whether key's bucket has a token, without taking it.
func (l *limiter) check(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, ok := l.buckets[key]
	if !ok || b.lim.TokensAt(now) >= 1 {
		return true, 0
	}
	return false, l.wait(b, now)
}

// take takes a token from key's bucket if it has one, for events counted
// after the fact (a failed sign-in, once check has let it through).
func (l *limiter) take(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	l.get(key, now).lim.AllowN(now, 1)
}

// wait is how long until b holds a token. l.mu must be held.
func (l *limiter) wait(b *bucket, now time.Time) time.Duration {
	missing := 1 - b.lim.TokensAt(now)
	if missing <= 0 {
		return 0
	}
	return time.Duration(missing / float64(l.rate) * float64(time.Second))
}

// size is how many buckets l holds.
func (l *limiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}

// tooManyRequests answers 429 with Retry-After in whole seconds (at least
// one) and a message a person can read.
func tooManyRequests(w http.ResponseWriter, wait time.Duration, msg string) {
	secs := int(math.Ceil(wait.Seconds()))
	if secs < 1 {
		secs = 1
	}
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	http.Error(w, msg, http.StatusTooManyRequests)
}

// webhookLimit refuses deliveries beyond the webhook limit from one client
// address with 429, before the body is read; the platform retries later.
func (s *Server) webhookLimit(platform string, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ok, wait := s.webhookIP.allow(clientKey(r, s.cfg.TrustedProxies)); !ok {
			s.cfg.Metrics.Webhook(platform, "rate_limited", 0)
			s.log.InfoContext(r.Context(), "webhook rate limited", "route", platform)
			tooManyRequests(w, wait, "too many requests from this address; retry later")
			return
		}
		h(w, r)
	})
}
