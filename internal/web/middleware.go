package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// pageCSP is the policy of every page we render from our templates: only
// our own files, no inline script or style, no plugins, not framed.
const pageCSP = "default-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

// permissionsPolicy turns off browser features no page of ours uses, so an
// injected frame or script could not ask for them either.
const permissionsPolicy = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"

// hstsMaxAge is two years, the preload list's minimum.
const hstsMaxAge = "max-age=63072000; includeSubDomains"

// securityHeaders sets headers every answer carries: pages load only our
// own files, cannot be framed, are not sniffed into another type, use no
// camera or location, and, over https, browsers must keep to https.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", pageCSP)
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Permissions-Policy", permissionsPolicy)
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if s.overHTTPS(r) {
			h.Set("Strict-Transport-Security", hstsMaxAge)
		}
		next.ServeHTTP(w, r)
	})
}

// overHTTPS reports whether r reached us over https: directly, or through
// a trusted proxy that says so, or because the staff configuration says
// every request does.
func (s *Server) overHTTPS(r *http.Request) bool {
	if r.TLS != nil || (s.staff != nil && s.staff.HTTPS) {
		return true
	}
	return isTrusted(addrOf(r.RemoteAddr), s.cfg.TrustedProxies) && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// standaloneCSP is the policy for a self-contained page (the public
// guidance, an incident report) whose styles are in <style> elements:
// those exact styles, by their SHA-256, and nothing else; no script at all.
func standaloneCSP(page []byte) string {
	var b strings.Builder
	b.WriteString("default-src 'none'; style-src")
	n := 0
	rest := page
	for {
		i := bytes.Index(rest, []byte("<style>"))
		if i < 0 {
			break
		}
		rest = rest[i+len("<style>"):]
		j := bytes.Index(rest, []byte("</style>"))
		if j < 0 {
			break
		}
		sum := sha256.Sum256(rest[:j])
		b.WriteString(" 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'")
		rest = rest[j:]
		n++
	}
	if n == 0 {
		b.WriteString(" 'none'")
	}
	b.WriteString("; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
	return b.String()
}

// statusWriter remembers the status written.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
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
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests logs one line per request: the route pattern (not the URL,
// whose query may hold Meta's verify token or a CRC token), status, size
// and duration. Bodies, which hold patient text, are never logged.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method),
			slog.String("route", route),
			slog.Int("status", sw.status),
			slog.Int("bytes", sw.bytes),
			slog.Duration("took", time.Since(start)))
	})
}
