package web

import "github.com/pagekeeper/pagekeeper/internal/store"

// role is what a member of staff may do.
type role string

const (
	roleReception role = store.RoleReception
	roleManager   role = store.RolePracticeManager
	roleIGLead    role = store.RoleIGLead
	roleAdmin     role = store.RoleAdmin
)

// roles lists every role, for the access tests and the users page.
var roles = []role{roleReception, roleManager, roleIGLead, roleAdmin}

// roleOf reads a stored role; the store's older names "manager" and
// "staff" are a practice manager and reception. An unknown role gets no
// permissions.
func roleOf(s string) role {
	switch s {
	case store.RoleManager:
		return roleManager
	case store.RoleStaff:
		return roleReception
	}
	return role(s)
}

// Name is the role as staff say it.
func (r role) Name() string {
	switch r {
	case roleReception:
		return "reception"
	case roleManager:
		return "practice manager"
	case roleIGLead:
		return "IG lead"
	case roleAdmin:
		return "administrator"
	}
	return string(r)
}

// perm is one thing a route lets a user do. The zero value is no
// permission at all: a staff route left at it fails the route tests.
type perm int

const (
	permQueue    perm = iota + 1 // see the review queue and items
	permModerate                 // confirm, restore, reply, assign, "not a breach"
	permEscalate                 // escalate, delete (evidence kept), page bans
	permReport                   // download incident reports
	permAudit                    // read and verify the audit log
	permExport                   // export the audit log
	permStats                    // statistics
	permSettings                 // practice settings and policy tests
	permUsers                    // staff accounts
)

// grants is who may do what: reception work the queue; a practice manager
// does all of that plus escalations, reports, settings and users (and
// reads the audit log, which records their team's actions); an IG lead
// sees patient-information items, the audit log and exports; an
// administrator does everything.
var grants = map[role][]perm{
	roleReception: {permQueue, permModerate, permStats},
	roleManager:   {permQueue, permModerate, permEscalate, permReport, permAudit, permStats, permSettings, permUsers},
	roleIGLead:    {permQueue, permModerate, permReport, permAudit, permExport, permStats},
	roleAdmin:     {permQueue, permModerate, permEscalate, permReport, permAudit, permExport, permStats, permSettings, permUsers},
}

// can reports whether r grants p.
func (r role) can(p perm) bool {
	for _, g := range grants[r] {
		if g == p {
			return true
		}
	}
	return false
}
