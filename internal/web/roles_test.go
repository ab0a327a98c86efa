package web

import (
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/store"
)

func TestRoleOf(t *testing.T) {
	tests := []struct {
		name, stored string
		want         role
	}{
		{"reception", store.RoleReception, roleReception},
		{"practice manager", store.RolePracticeManager, roleManager},
		{"older manager", store.RoleManager, roleManager},
		{"older staff", store.RoleStaff, roleReception},
		{"ig lead", store.RoleIGLead, roleIGLead},
		{"admin", store.RoleAdmin, roleAdmin},
	}
	for _, tt := range tests {
		if got := roleOf(tt.stored); got != tt.want {
			t.Errorf("%s: roleOf(%q) = %q, want %q", tt.name, tt.stored, got, tt.want)
		}
	}
	if roleOf("janitor").can(permQueue) {
		t.Error("an unknown role may see the queue")
	}
}

// TestGrants pins what each role may do, as the issue describes the roles.
func TestGrants(t *testing.T) {
	tests := []struct {
		name string
		r    role
		p    perm
		want bool
	}{
		{"reception works the queue", roleReception, permModerate, true},
		{"reception does not escalate or delete", roleReception, permEscalate, false},
		{"reception changes no settings", roleReception, permSettings, false},
		{"a manager escalates", roleManager, permEscalate, true},
		{"a manager changes settings", roleManager, permSettings, true},
		{"a manager manages users", roleManager, permUsers, true},
		{"a manager reads the audit log", roleManager, permAudit, true},
		{"a manager does not export it", roleManager, permExport, false},
		{"an IG lead exports", roleIGLead, permExport, true},
		{"an IG lead changes no settings", roleIGLead, permSettings, false},
		{"an admin does everything", roleAdmin, permUsers, true},
	}
	for _, tt := range tests {
		if got := tt.r.can(tt.p); got != tt.want {
			t.Errorf("%s: %s.can(%d) = %v", tt.name, tt.r, tt.p, got)
		}
	}
}
