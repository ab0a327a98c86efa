package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// auditPage is how many entries the audit page shows at a time.
const auditPage = 100

// auditData is the audit page's data.
type auditData struct {
	Practice     string // id
	PracticeName string
	PracticeOpts []option
	Entries      []auditEntryRow
	Older        int64 // the seq to show entries before, 0 for none
	Total        int64
	Verify       *verifyView
	CanExport    bool
}

type auditEntryRow struct {
	Seq     int64
	Time    time.Time
	Kind    store.AuditKind
	Subject string
	Link    string // the post the entry is about, if any
	Actor   string
	Summary string
	Hash    string
}

// verifyView is the result of checking the chain.
type verifyView struct {
	OK      bool
	Entries int64
	Head    string
	BadSeq  int64
	Problem string
}

// auditList shows one practice's audit log, newest first, a page at a time.
func (s *Server) auditList(w http.ResponseWriter, r *http.Request, u *principal) error {
	d, err := s.auditData(r, u)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "audit", page{Title: "Audit log", Data: d})
	return nil
}

// auditVerify checks the practice's whole chain and shows the result on
// the audit page. It changes nothing, so it is a GET.
func (s *Server) auditVerify(w http.ResponseWriter, r *http.Request, u *principal) error {
	d, err := s.auditData(r, u)
	if err != nil {
		return err
	}
	head, verr := audit.Verify(r.Context(), s.staff.Store, d.Practice)
	v := &verifyView{OK: verr == nil, Entries: head.Seq, Head: head.Hash}
	var ve *audit.VerifyError
	switch {
	case verr == nil:
	case errors.As(verr, &ve):
		v.BadSeq, v.Problem = ve.Seq, ve.Err.Error()
	default:
		return verr
	}
	d.Verify = v
	s.render(w, r, http.StatusOK, "audit", page{Title: "Audit log", Data: d})
	return nil
}

// auditExport downloads the practice's chain as JSON Lines, which
// 'pagekeeper audit verify' style tools (audit.VerifyExport) can check.
func (s *Server) auditExport(w http.ResponseWriter, r *http.Request, u *principal) error {
	pid, err := s.auditPractice(r, u)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="audit-%s-%s.jsonl"`, pid, s.cfg.Now().UTC().Format("20060102")))
	w.Header().Set("Cache-Control", "no-store")
	if _, err := audit.Export(r.Context(), s.staff.Store, pid, w); err != nil {
		s.log.ErrorContext(r.Context(), "exporting the audit log", "practice", pid, "err", err)
	}
	return nil
}

// auditPractice is the practice the audit pages are about: ?practice=, or
// the user's first. One the user does not work for is not found.
func (s *Server) auditPractice(r *http.Request, u *principal) (string, error) {
	pid := r.URL.Query().Get("practice")
	if pid == "" && len(u.Practices) > 0 {
		pid = u.Practices[0]
	}
	if !u.mayPractice(pid) {
		return "", fmt.Errorf("audit log of practice %q: %w", pid, errNotFound)
	}
	return pid, nil
}

func (s *Server) auditData(r *http.Request, u *principal) (*auditData, error) {
	ctx := r.Context()
	pid, err := s.auditPractice(r, u)
	if err != nil {
		return nil, err
	}
	d := &auditData{Practice: pid, CanExport: u.Role.can(permExport)}
	ps, err := s.practices(ctx, u)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		d.PracticeOpts = append(d.PracticeOpts, option{p.ID, p.Name})
		if p.ID == pid {
			d.PracticeName = p.Name
		}
	}
	last, err := s.staff.Store.LastAudit(ctx, pid)
	if isNotFound(err) {
		return d, nil
	}
	if err != nil {
		return nil, err
	}
	d.Total = last.Seq
	before := last.Seq + 1
	if b, err := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64); err == nil && b > 0 && b <= last.Seq {
		before = b
	}
	from := max(before-1-auditPage, 0)
	es, err := s.staff.Store.AuditEntries(ctx, pid, from, int(before-1-from))
	if err != nil {
		return nil, err
	}
	names := &userNames{s: s, ctx: ctx, known: map[string]string{}}
	for i := len(es) - 1; i >= 0; i-- {
		e := es[i]
		row := auditEntryRow{Seq: e.Seq, Time: e.Time, Kind: e.Kind, Subject: e.Subject, Actor: names.of(e.Actor),
			Summary: auditSummary(e.Detail), Hash: e.Hash}
		if id, ok := postOfSubject(e.Subject); ok {
			row.Link = "/posts/" + strconv.FormatInt(id, 10)
		}
		d.Entries = append(d.Entries, row)
	}
	if from > 0 {
		d.Older = from + 1
	}
	return d, nil
}

// postOfSubject reads "post:12".
func postOfSubject(s string) (int64, bool) {
	var id int64
	if _, err := fmt.Sscanf(s, "post:%d", &id); err != nil || id <= 0 {
		return 0, false
	}
	return id, true
}
