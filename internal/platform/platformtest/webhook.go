package platformtest

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"unicode/utf16"
	"unicode/utf8"
)

// SendOptions says how to deliver a webhook.
type SendOptions struct {
	Secret       string // the signing key
	BadSignature bool   // sign with the wrong key
	NoSignature  bool   // leave the signature header out
	Times        int    // deliveries of the same bytes (duplicates); 1 when zero
	Header       http.Header
}

// EscapeNonASCII rewrites every non-ASCII character in a JSON document as a
// \uXXXX escape (lower-case hex, surrogate pairs above U+FFFF), as Meta
// does. Invalid UTF-8 becomes \ufffd. Non-ASCII can only occur inside JSON
// strings, so the result decodes to the same value.
func EscapeNonASCII(b []byte) []byte {
	var out bytes.Buffer
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		switch {
		case r < utf8.RuneSelf:
			out.WriteByte(b[0])
		case r > 0xFFFF:
			r1, r2 := utf16.EncodeRune(r)
			fmt.Fprintf(&out, `\u%04x\u%04x`, r1, r2)
		default:
			fmt.Fprintf(&out, `\u%04x`, r)
		}
		b = b[n:]
	}
	return out.Bytes()
}

// hexSign is Meta's and our website webhook's signature: sha256=<hex>.
func hexSign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// base64Sign is X's signature: sha256=<base64>.
func base64Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// send POSTs body to url opt.Times times with the signature in header, and
// returns each answer's status.
func send(ctx context.Context, hc *http.Client, url string, body []byte, header string, sign func(string, []byte) string, opt SendOptions) ([]int, error) {
	times := max(opt.Times, 1)
	var statuses []int
	for range times {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
		if err != nil {
			return statuses, fmt.Errorf("building webhook: %w", err)
		}
		req.Header.Set("Content-Type", "application/json")
		for k, vs := range opt.Header {
			req.Header[k] = vs
		}
		switch {
		case opt.NoSignature:
		case opt.BadSignature:
			req.Header.Set(header, sign(opt.Secret+"-wrong", body))
		default:
			req.Header.Set(header, sign(opt.Secret, body))
		}
		resp, err := hc.Do(req)
		if err != nil {
			return statuses, fmt.Errorf("sending webhook: %w", err)
		}
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		statuses = append(statuses, resp.StatusCode)
	}
	return statuses, nil
}
