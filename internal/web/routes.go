package web

import "net/http"

// routes is the one routing table. Webhooks carry no cookies and are
// authenticated by their platform's signature, so they stay outside the
// cross-origin protection every staff route (and sign-in) is behind.
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

	mux.Handle("GET /static/", staticFiles())
	mux.Handle("GET /assets/", nhsukAssets())
	if s.staff == nil {
		// The read-only decisions page, when there is no sign-in.
		mux.HandleFunc("GET /{$}", s.decisionsList)
		return s.logRequests(securityHeaders(mux))
	}
	mux.Handle("GET /{$}", http.RedirectHandler("/queue", http.StatusSeeOther))
	mux.Handle("GET /login", s.publicRoute(s.sessionNew))
	mux.Handle("POST /login", s.publicRoute(s.sessionCreate))
	mux.Handle("POST /logout", s.publicRoute(s.sessionDelete))
	mux.HandleFunc("GET /p/{practice}/guidance", s.guidanceShow)
	mux.HandleFunc("GET /p/{practice}/poster", s.posterShow)
	for _, rt := range s.staffRoutes() {
		mux.Handle(rt.pattern, s.staffRoute(rt.need, rt.h))
	}

	return s.logRequests(securityHeaders(mux))
}

// staffRoute is one route of the staff pages and what it needs.
type staffRouteDef struct {
	pattern string
	need    perm
	h       staffHandler
}

// staffRoutes are the staff pages' routes: each with the permission it
// needs, so TestRoleRouteAccess can try every route as every role.
func (s *Server) staffRoutes() []staffRouteDef {
	return []staffRouteDef{
		{"GET /queue", permQueue, s.queueList},
		{"GET /posts/{id}", permQueue, s.postShow},
		{"POST /posts/{id}/confirm", permModerate, s.postConfirm},
		{"POST /posts/{id}/hide", permModerate, s.postHide},
		{"POST /posts/{id}/restore", permModerate, s.postRestore},
		{"POST /posts/{id}/reply", permModerate, s.postReply},
		{"POST /posts/{id}/assign", permModerate, s.postAssign},
		{"POST /posts/{id}/feedback", permModerate, s.postFeedback},
		{"POST /posts/{id}/escalate", permEscalate, s.postEscalate},
		{"POST /posts/{id}/delete", permEscalate, s.postDelete},
		{"POST /posts/{id}/ban", permEscalate, s.authorBan},
		{"GET /posts/{id}/report", permReport, s.reportDownload},
		{"GET /audit", permAudit, s.auditList},
		{"GET /audit/verify", permAudit, s.auditVerify},
		{"GET /audit/export", permExport, s.auditExport},
		{"GET /stats", permStats, s.statsShow},
		{"GET /settings", permSettings, s.settingsShow},
		{"POST /settings/tests", permSettings, s.policyTestCreate},
		{"POST /settings/tests/{test}/delete", permSettings, s.policyTestDelete},
		{"POST /settings/{section}", permSettings, s.settingsSave},
		{"GET /users", permUsers, s.usersList},
		{"POST /users", permUsers, s.userCreate},
		{"POST /users/{id}/remove", permUsers, s.userRemove},
		{"POST /users/{id}/role", permUsers, s.userRole},
	}
}
