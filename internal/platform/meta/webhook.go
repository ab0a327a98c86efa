// Package meta holds what the Facebook and Instagram adapters share, since
// both speak the Meta Graph API: the webhook verification handshake, the
// X-Hub-Signature-256 check, the webhook envelope, Graph error parsing mapped
// to the platform errors, and a small Graph client.
//
// Webhook bodies are limited to MaxWebhookBody bytes (Meta batches up to 1000
// changes of well under 2 KiB each); Graph responses to MaxResponseBody.
// Neither patient text nor tokens are ever logged or put into errors.
package meta

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/pagekeeper/pagekeeper/internal/platform"
)

// MaxWebhookBody is the largest webhook body accepted: 1000 changes of a
// few KiB each, with room to spare. Longer bodies fail with platform.ErrTooLarge.
const MaxWebhookBody = 4 << 20

// Errors from checking a webhook's signature.
var (
	ErrNoSignature  = errors.New("the webhook has no X-Hub-Signature-256 header")
	ErrBadSignature = errors.New("the webhook signature does not match")
)

// SignatureHeader is the header Meta signs webhook bodies in.
const SignatureHeader = "X-Hub-Signature-256"

// Verify answers Meta's subscription handshake: it reports the challenge to
// echo when hub.mode is "subscribe" and hub.verify_token equals token, in
// constant time. An empty configured token never verifies.
func Verify(r *http.Request, token string) (challenge string, ok bool) {
	q := r.URL.Query()
	if token == "" || q.Get("hub.mode") != "subscribe" {
		return "", false
	}
	if !hmac.Equal([]byte(q.Get("hub.verify_token")), []byte(token)) {
		return "", false
	}
	return q.Get("hub.challenge"), true
}

// ServeVerify writes the answer to a verification GET: 200 with the bare
// challenge as text/plain, or 403 when the token is wrong.
func ServeVerify(w http.ResponseWriter, r *http.Request, token string) {
	challenge, ok := Verify(r, token)
	if !ok {
		http.Error(w, "verification failed", http.StatusForbidden)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(challenge))
}

// ParseSignatureHeader returns the MAC in an X-Hub-Signature-256 value
// ("sha256=" and 64 hex digits). An empty value is ErrNoSignature; any other
// malformed value is ErrBadSignature.
func ParseSignatureHeader(h string) ([]byte, error) {
	if h == "" {
		return nil, ErrNoSignature
	}
	hexMAC, ok := strings.CutPrefix(h, "sha256=")
	if !ok || len(hexMAC) != 2*sha256.Size {
		return nil, ErrBadSignature
	}
	mac, err := hex.DecodeString(hexMAC)
	if err != nil {
		return nil, ErrBadSignature
	}
	return mac, nil
}

// Sign returns the X-Hub-Signature-256 value for body under secret.
func Sign(secret, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// CheckSignature checks header against the HMAC-SHA256 of the raw body
// under the app secret, in constant time. It never re-serialises the body:
// Meta signs the bytes it sent. An empty secret never verifies.
func CheckSignature(secret, body []byte, header string) error {
	mac, err := ParseSignatureHeader(header)
	if err != nil {
		return err
	}
	if len(secret) == 0 {
		return ErrBadSignature
	}
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	if !hmac.Equal(mac, m.Sum(nil)) {
		return ErrBadSignature
	}
	return nil
}

// ReadWebhook reads a webhook POST's body, at most MaxWebhookBody bytes, and
// checks its signature. Callers answer 401 or 403 to any error and process
// nothing.
func ReadWebhook(r *http.Request, secret []byte) ([]byte, error) {
	body, err := platform.ReadLimited(r.Body, MaxWebhookBody)
	if err != nil {
		return nil, fmt.Errorf("reading webhook: %w", err)
	}
	if err := CheckSignature(secret, body, r.Header.Get(SignatureHeader)); err != nil {
		return nil, fmt.Errorf("checking webhook signature: %w", err)
	}
	return body, nil
}

// Envelope is a webhook POST: the object type and one entry per object that changed.
type Envelope struct {
	Object string  `json:"object"`
	Entry  []Entry `json:"entry"`
}

// Entry is the changes to one page or account. Time is when Meta sent the
// notification (Unix seconds), not when the change happened.
type Entry struct {
	ID      string            `json:"id"`
	Time    int64             `json:"time"`
	Changes []json.RawMessage `json:"changes"`
}

// Change is one change inside an entry; Value is left raw for the adapter.
type Change struct {
	Field string          `json:"field"`
	Value json.RawMessage `json:"value"`
}

// ParseEnvelope decodes a webhook body whose object must be object ("page"
// or "instagram"). The changes are left raw so that each can be kept as
// evidence and a bad one skipped without losing the rest.
func ParseEnvelope(body []byte, object string) (Envelope, error) {
	var env Envelope
	if err := json.Unmarshal(body, &env); err != nil {
		return Envelope{}, fmt.Errorf("decoding webhook envelope: %w", err)
	}
	if env.Object != object {
		return Envelope{}, fmt.Errorf("decoding webhook envelope: object %q, want %q", truncate(env.Object, 32), object)
	}
	return env, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
