package web

import "net/http"

// routes is the one routing table. Webhooks carry no cookies and are
// authenticated by their platform's signature, so nothing here needs CSRF
// protection; when staff forms arrive they will be mounted behind it.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()

	// Platform webhooks.
	mux.HandleFunc("GET /webhooks/meta", s.metaVerify)
	mux.HandleFunc("POST /webhooks/meta", s.metaReceive)
	mux.HandleFunc("GET /webhooks/x", s.xCRC)
	mux.HandleFunc("POST /webhooks/x", s.xReceive)
	mux.HandleFunc("POST /webhooks/website/{practice}", s.websiteReceive)

	// Operations.
	mux.HandleFunc("GET /healthz", s.healthCheck)
	mux.HandleFunc("GET /readyz", s.readyCheck)
	mux.Handle("GET /metrics", s.cfg.Metrics.Handler())

	// The read-only decisions page.
	mux.HandleFunc("GET /{$}", s.decisionsList)
	mux.Handle("GET /static/", staticFiles())
	mux.Handle("GET /assets/", nhsukAssets())

	return s.logRequests(securityHeaders(mux))
}
