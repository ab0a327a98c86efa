package web

import "net/http"

// access is who may use a route. The zero value is "not decided": the
// route tests fail for a route left at it.
type access int

const (
	accessUndecided access = iota
	// accessWebhook: a platform, proven by its signature; limited per
	// client address; outside cross-origin protection (no cookies).
	accessWebhook
	// accessOps: health, readiness and metrics probes.
	accessOps
	// accessPublic: anyone (static files, sign-in, the public guidance).
	accessPublic
	// accessStaff: signed-in staff whose role grants the route's need.
	accessStaff
)

// scope is how a staff route finds the practice whose data it shows or
// changes, so TestPracticeIsolation knows how to try another practice's.
// The zero value is "not decided".
type scope int

const (
	scopeUndecided scope = iota
	// scopePost: the {id} in the path is a post; another practice's is 404.
	scopePost
	// scopePracticeParam: ?practice= (GET) or the form's practice (POST)
	// names the practice; another practice's is 404.
	scopePracticeParam
	// scopeOwnPractices: lists the user's practices' data only.
	scopeOwnPractices
	// scopeUser: the {id} in the path is a user, and the form's practice
	// one of theirs; another practice's user is 404.
	scopeUser
)

// route is one row of the routing table.
type route struct {
	pattern string
	access  access
	h       http.Handler // every access but accessStaff
	// For accessStaff: the permission it needs, how it finds its
	// practice, and the handler.
	need  perm
	scope scope
	staff staffHandler
}

// routeTable is the one routing table. Webhooks carry no cookies and are
// authenticated by their platform's signature, so they stay outside the
// cross-origin protection every staff route (and sign-in) is behind.
func (s *Server) routeTable() []route {
	rs := []route{
		// Platform webhooks.
		{pattern: "GET /webhooks/meta", access: accessWebhook, h: http.HandlerFunc(s.metaVerify)},
		{pattern: "POST /webhooks/meta", access: accessWebhook, h: s.webhookLimit("meta", s.metaReceive)},
		{pattern: "GET /webhooks/x", access: accessWebhook, h: http.HandlerFunc(s.xCRC)},
		{pattern: "POST /webhooks/x", access: accessWebhook, h: s.webhookLimit("x", s.xReceive)},
		{pattern: "POST /webhooks/website/{practice}", access: accessWebhook, h: s.webhookLimit("website", s.websiteReceive)},

		// Operations.
		{pattern: "GET /healthz", access: accessOps, h: http.HandlerFunc(s.healthCheck)},
		{pattern: "GET /readyz", access: accessOps, h: http.HandlerFunc(s.readyCheck)},
		{pattern: "GET /metrics", access: accessOps, h: s.cfg.Metrics.Handler()},

		{pattern: "GET /static/", access: accessPublic, h: staticFiles()},
		{pattern: "GET /assets/", access: accessPublic, h: nhsukAssets()},
	}
	if s.staff == nil {
		// The read-only decisions page, when there is no sign-in.
		return append(rs, route{pattern: "GET /{$}", access: accessPublic, h: http.HandlerFunc(s.decisionsList)})
	}
	rs = append(rs,
		route{pattern: "GET /{$}", access: accessPublic, h: http.RedirectHandler("/queue", http.StatusSeeOther)},
		route{pattern: "GET /login", access: accessPublic, h: s.publicRoute(s.sessionNew)},
		route{pattern: "POST /login", access: accessPublic, h: s.publicRoute(s.sessionCreate)},
		route{pattern: "POST /logout", access: accessPublic, h: s.publicRoute(s.sessionDelete)},
		route{pattern: "GET /p/{practice}/guidance", access: accessPublic, h: http.HandlerFunc(s.guidanceShow)},
		route{pattern: "GET /p/{practice}/poster", access: accessPublic, h: http.HandlerFunc(s.posterShow)},
	)
	staff := func(pattern string, need perm, sc scope, h staffHandler) route {
		return route{pattern: pattern, access: accessStaff, need: need, scope: sc, staff: h}
	}
	return append(rs,
		staff("GET /queue", permQueue, scopeOwnPractices, s.queueList),
		staff("GET /posts/{id}", permQueue, scopePost, s.postShow),
		staff("POST /posts/{id}/confirm", permModerate, scopePost, s.postConfirm),
		staff("POST /posts/{id}/hide", permModerate, scopePost, s.postHide),
		staff("POST /posts/{id}/restore", permModerate, scopePost, s.postRestore),
		staff("POST /posts/{id}/reply", permModerate, scopePost, s.postReply),
		staff("POST /posts/{id}/assign", permModerate, scopePost, s.postAssign),
		staff("POST /posts/{id}/feedback", permModerate, scopePost, s.postFeedback),
		staff("POST /posts/{id}/escalate", permEscalate, scopePost, s.postEscalate),
		staff("POST /posts/{id}/delete", permEscalate, scopePost, s.postDelete),
		staff("POST /posts/{id}/ban", permEscalate, scopePost, s.authorBan),
		staff("GET /posts/{id}/report", permReport, scopePost, s.reportDownload),
		staff("GET /audit", permAudit, scopePracticeParam, s.auditList),
		staff("GET /audit/verify", permAudit, scopePracticeParam, s.auditVerify),
		staff("GET /audit/export", permExport, scopePracticeParam, s.auditExport),
		staff("GET /stats", permStats, scopeOwnPractices, s.statsShow),
		staff("GET /settings", permSettings, scopePracticeParam, s.settingsShow),
		staff("POST /settings/tests", permSettings, scopePracticeParam, s.policyTestCreate),
		staff("POST /settings/tests/{test}/delete", permSettings, scopePracticeParam, s.policyTestDelete),
		staff("POST /settings/{section}", permSettings, scopePracticeParam, s.settingsSave),
		staff("GET /users", permUsers, scopeOwnPractices, s.usersList),
		staff("POST /users", permUsers, scopePracticeParam, s.userCreate),
		staff("POST /users/{id}/remove", permUsers, scopeUser, s.userRemove),
		staff("POST /users/{id}/role", permUsers, scopeUser, s.userRole),
	)
}

// routes serves the routing table, every route with the security headers
// and a request log line.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routeTable() {
		switch rt.access {
		case accessStaff:
			mux.Handle(rt.pattern, s.staffRoute(rt.need, rt.staff))
		default:
			mux.Handle(rt.pattern, rt.h)
		}
	}
	return s.logRequests(s.securityHeaders(mux))
}
