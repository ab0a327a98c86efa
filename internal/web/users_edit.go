package web

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// minPasswordLen is the shortest password a manager may type for someone.
const minPasswordLen = 12

// usersData is the users page's data.
type usersData struct {
	Practices    []userPractice
	PracticeOpts []option
	Roles        []option // the roles the signed-in user may give
	Form         userForm
	Created      *createdUser // shown once, just after adding a user with a generated password
}

// userPractice is one of the signed-in user's practices and its users.
type userPractice struct {
	ID, Name string
	Users    []userRow
}

// userRow is one user as the users page lists them.
type userRow struct {
	ID          int64
	Email, Name string
	Role        string
	RoleName    string
	Self        bool // the signed-in user: they cannot remove themselves or change their own role
	CanChange   bool
}

// userForm is what the "Add a user" form was sent with; passwords are never sent back.
type userForm struct {
	Email, Name, Role, Practice, Password string // Password is "generate" or "set"
}

// createdUser is a new user and the temporary password to give them.
type createdUser struct {
	Email, Password string
}

var usersNotices = map[string]string{
	"added":   "The user is added. They can sign in with the password you set.",
	"removed": "The user can no longer open this practice's pages, and they have been signed out.",
	"role":    "The user's role is changed.",
}

// usersList shows the users of the signed-in user's practices and a form to add one.
func (s *Server) usersList(w http.ResponseWriter, r *http.Request, u *principal) error {
	d, err := s.usersData(r.Context(), u)
	if err != nil {
		return err
	}
	if len(d.PracticeOpts) == 1 {
		d.Form.Practice = d.PracticeOpts[0].Value
	}
	d.Form.Password = "generate"
	s.render(w, r, http.StatusOK, "users", page{Title: "Users", Data: d, Notice: usersNotices[r.URL.Query().Get("done")]})
	return nil
}

func (s *Server) usersData(ctx context.Context, u *principal) (*usersData, error) {
	d := &usersData{Roles: assignableRoles(u)}
	ps, err := s.practices(ctx, u)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		d.PracticeOpts = append(d.PracticeOpts, option{p.ID, p.Name})
		users, err := s.staff.Store.ListUsers(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		up := userPractice{ID: p.ID, Name: p.Name}
		for _, x := range users {
			self := x.ID == u.User.ID
			up.Users = append(up.Users, userRow{ID: x.ID, Email: x.Email, Name: x.Name, Role: string(roleOf(x.Role)),
				RoleName: roleOf(x.Role).Name(), Self: self, CanChange: !self && mayManage(u, x)})
		}
		d.Practices = append(d.Practices, up)
	}
	return d, nil
}

// assignableRoles are the roles u may give: a practice manager cannot make administrators.
func assignableRoles(u *principal) []option {
	var out []option
	for _, r := range roles {
		if r == roleAdmin && u.Role != roleAdmin {
			continue
		}
		out = append(out, option{string(r), strings.ToUpper(r.Name()[:1]) + r.Name()[1:]})
	}
	return out
}

// mayManage reports whether u may change target's role or access. A
// practice manager may not touch administrators, nor anyone who also works
// for a practice the manager does not (the change would reach there too).
func mayManage(u *principal, target store.User) bool {
	if u.Role == roleAdmin {
		return true
	}
	if roleOf(target.Role) == roleAdmin {
		return false
	}
	for _, p := range target.Practices {
		if !u.mayPractice(p) {
			return false
		}
	}
	return true
}

// findUser returns user id if they work for one of u's practices. Anyone
// else is errNotFound, exactly like a user who does not exist.
func (s *Server) findUser(ctx context.Context, u *principal, id string) (store.User, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return store.User{}, fmt.Errorf("user %q: %w", id, errNotFound)
	}
	target, err := s.staff.Store.User(ctx, n)
	if errors.Is(err, store.ErrNotFound) {
		return store.User{}, fmt.Errorf("user %d: %w", n, errNotFound)
	}
	if err != nil {
		return store.User{}, err
	}
	if !slices.ContainsFunc(target.Practices, u.mayPractice) {
		return store.User{}, fmt.Errorf("user %d: %w", n, errNotFound)
	}
	return target, nil
}

// errEmailTaken means another user has the email (in any case).
var errEmailTaken = errors.New("email address taken")

// userCreate adds a user to one of the signed-in user's practices, with a
// generated temporary password (shown once) or one the manager typed twice.
func (s *Server) userCreate(w http.ResponseWriter, r *http.Request, u *principal) error {
	ctx := r.Context()
	f := userForm{Email: strings.TrimSpace(r.PostFormValue("email")), Name: strings.TrimSpace(r.PostFormValue("name")),
		Role: r.PostFormValue("role"), Practice: r.PostFormValue("practice"), Password: r.PostFormValue("password-choice")}
	password, confirm := r.PostFormValue("password"), r.PostFormValue("password-confirm")
	errs := validateUserForm(u, f, password, confirm)
	if len(errs) == 0 {
		_, err := s.staff.Store.UserByEmail(ctx, f.Email)
		switch {
		case err == nil:
			errs = append(errs, fieldError{"user-email", "A user with this email address already exists"})
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
	}
	if len(errs) == 0 {
		if f.Password == "generate" {
			password = rand.Text()
		}
		err := s.addUser(ctx, u, f, password)
		if errors.Is(err, errEmailTaken) {
			errs = append(errs, fieldError{"user-email", "A user with this email address already exists"})
		} else if err != nil {
			return err
		}
	}
	d, err := s.usersData(ctx, u)
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		d.Form = f
		s.render(w, r, http.StatusBadRequest, "users", page{Title: "Users", Data: d, Errors: errs})
		return nil
	}
	if f.Password != "generate" {
		http.Redirect(w, r, "/users?done=added", http.StatusSeeOther)
		return nil
	}
	// The temporary password is on this page only: never in a URL, a log or the audit.
	d.Created = &createdUser{Email: f.Email, Password: password}
	d.Form = userForm{Practice: f.Practice, Password: "generate"}
	s.render(w, r, http.StatusOK, "users", page{Title: "Users", Data: d,
		Notice: "The user is added. Give them the temporary password below; it is shown only once."})
	return nil
}

// validateUserForm checks the "Add a user" form; each problem names its field.
func validateUserForm(u *principal, f userForm, password, confirm string) []fieldError {
	var errs []fieldError
	switch {
	case f.Email == "":
		errs = append(errs, fieldError{"user-email", "Enter an email address"})
	case !plausibleEmail(f.Email):
		errs = append(errs, fieldError{"user-email", "Enter an email address in the correct format, like name@example.com"})
	}
	switch {
	case f.Name == "":
		errs = append(errs, fieldError{"user-name", "Enter the person's name"})
	case utf8.RuneCountInString(f.Name) > 200:
		errs = append(errs, fieldError{"user-name", "The name must be 200 characters or fewer"})
	}
	if !slices.ContainsFunc(assignableRoles(u), func(o option) bool { return o.Value == f.Role }) {
		errs = append(errs, fieldError{"user-role", "Select a role"})
	}
	if !u.mayPractice(f.Practice) {
		errs = append(errs, fieldError{"user-practice", "Select the practice they work for"})
	}
	switch f.Password {
	case "generate":
	case "set":
		switch {
		case utf8.RuneCountInString(password) < minPasswordLen:
			errs = append(errs, fieldError{"user-password", fmt.Sprintf("Enter a password of at least %d characters", minPasswordLen)})
		case password != confirm:
			errs = append(errs, fieldError{"user-password-confirm", "The passwords do not match: type the same password twice"})
		}
	default:
		errs = append(errs, fieldError{"user-password-choice", "Choose how to set their password"})
	}
	return errs
}

// plausibleEmail reports whether s looks like an email address: one @
// with something either side, no spaces. (A practice's own mail server
// may use a name with no dot, so none is required.)
func plausibleEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && domain != "" && !strings.Contains(domain, "@") && len(s) <= 254 &&
		!strings.ContainsFunc(s, unicode.IsSpace)
}

// addUser stores the new user with password's argon2id hash and audits it.
func (s *Server) addUser(ctx context.Context, u *principal, f userForm, password string) error {
	hash, err := HashPassword(password, s.staff.Passwords)
	if err != nil {
		return err
	}
	var id int64
	err = s.staffChange(ctx, u, f.Practice, func(tx store.TxStore, detail map[string]any) error {
		nu := store.User{Email: f.Email, Name: f.Name, PasswordHash: hash, Role: f.Role, Practices: []string{f.Practice}, CreatedAt: s.cfg.Now()}
		if err := tx.CreateUser(ctx, &nu); errors.Is(err, store.ErrDuplicate) {
			return errEmailTaken // not ErrDuplicate: that means the audit log raced, and is retried
		} else if err != nil {
			return err
		}
		id = nu.ID
		detail["action"], detail["target"], detail["role"] = "user_add", nu.ID, nu.Role
		detail["password_method"] = "set by manager"
		if f.Password == "generate" {
			detail["password_method"] = "generated"
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("adding a user: %w", err)
	}
	s.log.InfoContext(ctx, "user added", "user", id, "by", u.User.ID, "practice", f.Practice)
	return nil
}

// staffChange records a change to staff accounts at practiceID in one
// transaction: fn's changes and an audit entry "staff_action" naming the
// acting user, with fn's additions to detail (never a password).
func (s *Server) staffChange(ctx context.Context, u *principal, practiceID string, fn func(tx store.TxStore, detail map[string]any) error) error {
	var err error
	for try := 1; try <= maxTries; try++ {
		err = s.staff.Store.WithTx(ctx, func(tx store.TxStore) error {
			detail := map[string]any{"user": u.User.ID}
			if err := fn(tx, detail); err != nil {
				return err
			}
			_, err := audit.Append(ctx, tx, audit.Record{Time: s.cfg.Now(), PracticeID: practiceID, Kind: store.AuditStaffAction,
				Subject: fmt.Sprintf("user:%v", detail["target"]), Actor: u.Actor(), Detail: detail})
			return err
		})
		if !errors.Is(err, store.ErrDuplicate) {
			break
		}
	}
	return err
}

// userTarget finds the user a remove or role form is about, at the
// practice the form names. It answers errNotFound for a user or practice
// that is not the signed-in user's, and errForbidden for one they may not manage.
func (s *Server) userTarget(r *http.Request, u *principal) (store.User, string, error) {
	target, err := s.findUser(r.Context(), u, r.PathValue("id"))
	if err != nil {
		return store.User{}, "", err
	}
	pid := r.PostFormValue("practice")
	if pid == "" {
		return store.User{}, "", fmt.Errorf("changing user %d: no practice: %w", target.ID, errBadForm)
	}
	if !u.mayPractice(pid) || !slices.Contains(target.Practices, pid) {
		return store.User{}, "", fmt.Errorf("user %d at practice %q: %w", target.ID, pid, errNotFound)
	}
	if target.ID != u.User.ID && !mayManage(u, target) {
		return store.User{}, "", fmt.Errorf("changing user %d: %w", target.ID, errForbidden)
	}
	return target, pid, nil
}

// refuseSelf shows the users page saying why a manager cannot do this to themselves.
func (s *Server) refuseSelf(w http.ResponseWriter, r *http.Request, u *principal, msg string) error {
	d, err := s.usersData(r.Context(), u)
	if err != nil {
		return err
	}
	d.Form.Password = "generate"
	s.render(w, r, http.StatusConflict, "users", page{Title: "Users", Data: d, Errors: []fieldError{{"", msg}}})
	return nil
}

// userRemove ends a user's access to one practice and signs them out everywhere.
func (s *Server) userRemove(w http.ResponseWriter, r *http.Request, u *principal) error {
	ctx := r.Context()
	target, pid, err := s.userTarget(r, u)
	if err != nil {
		return err
	}
	if target.ID == u.User.ID {
		return s.refuseSelf(w, r, u, "You cannot remove yourself. Ask another practice manager.")
	}
	err = s.staffChange(ctx, u, pid, func(tx store.TxStore, detail map[string]any) error {
		if err := tx.RemoveUserPractice(ctx, target.ID, pid); err != nil {
			return err
		}
		n, err := tx.DeleteUserSessions(ctx, target.ID)
		if err != nil {
			return err
		}
		detail["action"], detail["target"], detail["sessions_ended"] = "user_remove", target.ID, n
		return nil
	})
	if err != nil {
		return fmt.Errorf("removing user %d from %s: %w", target.ID, pid, err)
	}
	s.log.InfoContext(ctx, "user removed", "user", target.ID, "by", u.User.ID, "practice", pid)
	http.Redirect(w, r, "/users?done=removed", http.StatusSeeOther)
	return nil
}

// userRole changes a user's role.
func (s *Server) userRole(w http.ResponseWriter, r *http.Request, u *principal) error {
	ctx := r.Context()
	target, pid, err := s.userTarget(r, u)
	if err != nil {
		return err
	}
	to := role(r.PostFormValue("role"))
	if !slices.Contains(roles, to) {
		return fmt.Errorf("role %q: %w", to, errBadForm)
	}
	if to == roleAdmin && u.Role != roleAdmin {
		return fmt.Errorf("making user %d an administrator: %w", target.ID, errForbidden)
	}
	if target.ID == u.User.ID {
		return s.refuseSelf(w, r, u, "You cannot change your own role. Ask another practice manager.")
	}
	err = s.staffChange(ctx, u, pid, func(tx store.TxStore, detail map[string]any) error {
		if err := tx.SetUserRole(ctx, target.ID, string(to)); err != nil {
			return err
		}
		detail["action"], detail["target"], detail["from"], detail["to"] = "user_role", target.ID, string(roleOf(target.Role)), string(to)
		return nil
	})
	if err != nil {
		return fmt.Errorf("changing the role of user %d: %w", target.ID, err)
	}
	s.log.InfoContext(ctx, "user role changed", "user", target.ID, "by", u.User.ID, "role", to)
	http.Redirect(w, r, "/users?done=role", http.StatusSeeOther)
	return nil
}
