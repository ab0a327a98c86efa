package jobs

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/audit"
	"github.com/pagekeeper/pagekeeper/internal/media"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/profile"
	"github.com/pagekeeper/pagekeeper/internal/queue"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// JobInspectMedia is the kind of the job that reads the photos of a held
// post (clause 5: no photos of staff or of other patients in the surgery).
// It is not an action: it adds what the photos' metadata suggests to the
// hold's reason and keeps the photos, stripped, as evidence.
const JobInspectMedia = "inspect_media"

// Limits of an inspection. Phone photos are a few megabytes and at most
// about 50 megapixels; a photo over a limit is noted, not checked.
const (
	maxPhotos      = 4                // photos inspected per post
	maxPhotoBytes  = 10 << 20         // bytes downloaded per photo
	maxPhotoPixels = 50_000_000       // pixels decoded per photo (media.Strip's bomb guard)
	photoTimeout   = 10 * time.Second // per download, so four fit in the queue's minute
	maxRedirects   = 5
	defaultNearM   = 150 // metres, when the profile gives no radius
)

// InspectMediaJob returns the job that inspects the photos of the post hold
// holds. Like JobFor it carries ids only: the hold's, not the post's, so the
// job knows which reason to add to.
func InspectMediaJob(hold store.Action) queue.Job {
	b, _ := json.Marshal(Payload{PracticeID: hold.PracticeID, ActionID: hold.ID}) // cannot fail: a string and an int
	return queue.Job{Kind: JobInspectMedia, Payload: b}
}

// Photos returns the attachments an inspection looks at: photos with a URL.
func Photos(ms []moderation.Media) []moderation.Media {
	var out []moderation.Media
	for _, m := range ms {
		if m.Kind == "photo" && m.URL != "" {
			out = append(out, m)
		}
	}
	return out
}

// photoError is why a photo could not be checked, in words for a reviewer.
type photoError struct {
	reason string
	err    error
}

func (e *photoError) Error() string { return e.reason + ": " + e.err.Error() }
func (e *photoError) Unwrap() error { return e.err }

// errRedirect refuses a redirect the media client must not follow.
var errRedirect = errors.New("redirect refused")

// mediaClient returns c, or the default client when nil, always with a
// timeout and a redirect policy of http and https only.
func mediaClient(c *http.Client) *http.Client {
	if c == nil {
		c = newPublicClient()
	}
	cc := *c
	if cc.Timeout == 0 {
		cc.Timeout = photoTimeout
	}
	cc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= maxRedirects {
			return fmt.Errorf("%w: more than %d redirects", errRedirect, maxRedirects)
		}
		if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
			return fmt.Errorf("%w: to a %q address", errRedirect, req.URL.Scheme)
		}
		return nil
	}
	return &cc
}

// download fetches a photo: http and https only, at most maxPhotoBytes.
// Failures retrying may fix (network errors, 5xx, 408, 429) are
// *platform.TemporaryError; the rest are *photoError. Errors never hold the
// URL, which may be a signed link to a patient's photo.
func (w *Workers) download(ctx context.Context, raw string) ([]byte, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, &photoError{"the link is not a web address", errors.New("not an http or https URL")}
	}
	ctx, cancel := context.WithTimeout(ctx, photoTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, &photoError{"the link is not a web address", errors.New("bad URL")}
	}
	req.Header.Set("Accept", "image/jpeg, image/png, image/*;q=0.8")
	resp, err := w.media.Do(req)
	if err != nil {
		if ue, ok := errors.AsType[*url.Error](err); ok {
			err = ue.Err // without the URL
		}
		if errors.Is(err, errRedirect) || errors.Is(err, errNotPublic) {
			return nil, &photoError{"it could not be downloaded", err}
		}
		return nil, &platform.TemporaryError{Err: fmt.Errorf("downloading: %w", err)}
	}
	defer resp.Body.Close()
	switch c := resp.StatusCode; {
	case c == http.StatusOK:
	case c >= 500 || c == http.StatusRequestTimeout || c == http.StatusTooManyRequests:
		return nil, &platform.TemporaryError{Err: fmt.Errorf("downloading: HTTP %d", c)}
	default:
		return nil, &photoError{fmt.Sprintf("it could not be downloaded (HTTP %d)", c), fmt.Errorf("HTTP %d", c)}
	}
	tooLarge := &photoError{fmt.Sprintf("it is larger than %d MB", maxPhotoBytes>>20), media.ErrTooLarge}
	if resp.ContentLength > maxPhotoBytes {
		return nil, tooLarge
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxPhotoBytes+1))
	if err != nil {
		return nil, &platform.TemporaryError{Err: fmt.Errorf("downloading: %w", err)}
	}
	if len(data) > maxPhotoBytes {
		return nil, tooLarge
	}
	return data, nil
}

// checked is what became of one photo.
type checked struct {
	note string               // for the reviewer: "photo 1: taken 40 m from the practice ..."
	kept *store.EvidenceMedia // the stripped photo; nil if it could not be stripped
	near bool
}

// check reads a downloaded photo's metadata and strips it.
func check(n int, data []byte, loc *profile.Location) checked {
	var ml *media.Location
	if loc != nil {
		ml = &media.Location{Lat: loc.Latitude, Lon: loc.Longitude}
	}
	meta, err := media.ReadEXIF(bytes.NewReader(data), int64(len(data))+1)
	switch {
	case errors.Is(err, media.ErrNoEXIF):
		meta = media.Meta{}
	case errors.Is(err, media.ErrUnsupported) && strings.HasPrefix(http.DetectContentType(data), "text/"):
		return checked{note: fmt.Sprintf("photo %d could not be checked: the link leads to a page, not a photo", n)}
	case errors.Is(err, media.ErrUnsupported):
		return checked{note: fmt.Sprintf("photo %d could not be checked: format not supported", n)}
	case err != nil:
		return checked{note: fmt.Sprintf("photo %d could not be checked: the file is damaged or not a photo", n)}
	}
	var c checked
	head := fmt.Sprintf("photo %d", n)
	if loc != nil {
		radius := loc.RadiusM
		if radius <= 0 {
			radius = defaultNearM
		}
		if c.near = media.Near(meta, loc.Latitude, loc.Longitude, radius); c.near {
			head += " (near the practice: it may have been taken in the surgery)"
		}
	}
	c.note = head + ": " + media.Signal(meta, ml)
	stripped, err := media.Strip(bytes.NewReader(data), maxPhotoPixels)
	switch {
	case errors.Is(err, media.ErrTooLarge):
		c.note += "; not kept: too large to copy safely"
	case errors.Is(err, media.ErrUnsupported):
		c.note += "; not kept: format not supported"
	case err != nil:
		c.note += "; not kept: the image data is damaged"
	default:
		c.kept = &store.EvidenceMedia{Index: n, ContentType: http.DetectContentType(stripped), Data: stripped}
	}
	return c
}

// inspectMedia is the JobInspectMedia handler: it downloads the held post's
// photos, adds what their metadata suggests to the hold's reason, and keeps
// them stripped of all metadata. A photo that cannot be fetched or read is
// noted, never a failure of the job; network failures are retried until the
// job's last attempt, which notes them instead.
func (w *Workers) inspectMedia(ctx context.Context, job queue.Running) error {
	p, err := decodePayload(job.Payload)
	if err != nil {
		return queue.Permanent(fmt.Errorf("%s job %d: %w", JobInspectMedia, job.ID, err))
	}
	hold, err := w.store.Action(ctx, p.PracticeID, p.ActionID)
	if errors.Is(err, store.ErrNotFound) {
		return queue.Permanent(fmt.Errorf("%s job %d: %w", JobInspectMedia, job.ID, err))
	}
	if err != nil {
		return fmt.Errorf("%s job %d: loading action: %w", JobInspectMedia, job.ID, err)
	}
	if hold.Kind != moderation.ActionHold {
		return queue.Permanent(fmt.Errorf("%s job %d: action %d is a %s, not a hold", JobInspectMedia, job.ID, hold.ID, hold.Kind))
	}
	post, err := w.store.Post(ctx, hold.PracticeID, hold.PostID)
	if err != nil {
		return fmt.Errorf("%s job %d: loading post %d: %w", JobInspectMedia, job.ID, hold.PostID, err)
	}
	var loc *profile.Location
	if w.location != nil {
		if loc, err = w.location(ctx, hold.PracticeID); err != nil {
			return fmt.Errorf("%s job %d: finding the practice's location: %w", JobInspectMedia, job.ID, err)
		}
	}

	photos := Photos(post.Media)
	var results []checked
	for i, ph := range photos[:min(len(photos), maxPhotos)] {
		n := i + 1
		data, err := w.download(ctx, ph.URL)
		if ctx.Err() != nil {
			return fmt.Errorf("%s job %d: %w", JobInspectMedia, job.ID, ctx.Err()) // stopping or out of time: try again later
		}
		if err != nil {
			if _, temp := errors.AsType[*platform.TemporaryError](err); temp && !job.LastAttempt() {
				w.log.Warn("photo download failed; will retry", "practice", hold.PracticeID, "post", post.ID, "photo", n, "attempt", job.Attempt, "err", err)
				return fmt.Errorf("%s job %d: photo %d: %w", JobInspectMedia, job.ID, n, err)
			}
			reason := "it could not be downloaded"
			if pe, ok := errors.AsType[*photoError](err); ok {
				reason = pe.reason
			}
			results = append(results, checked{note: fmt.Sprintf("photo %d could not be checked: %s", n, reason)})
			continue
		}
		results = append(results, check(n, data, loc))
	}
	var notes []string
	for _, r := range results {
		notes = append(notes, r.note)
	}
	switch extra := len(photos) - maxPhotos; {
	case extra == 1:
		notes = append(notes, fmt.Sprintf("photo %d was not checked (Pagekeeper checks %d)", len(photos), maxPhotos))
	case extra > 1:
		notes = append(notes, fmt.Sprintf("photos %d to %d were not checked (Pagekeeper checks %d)", maxPhotos+1, len(photos), maxPhotos))
	}
	return w.recordInspection(ctx, job, hold, post, results, notes)
}

// recordInspection adds notes to the hold's reason (while it still waits
// for a person: a decided hold keeps the reason it was decided on), keeps
// the stripped photos the post does not already have, and audits both, in
// one transaction that runs once per hold.
func (w *Workers) recordInspection(ctx context.Context, job queue.Running, hold store.Action, post store.Post, results []checked, notes []string) error {
	now := w.now()
	var keptIDs []int64
	err := w.store.WithTx(ctx, func(tx store.TxStore) error {
		first, err := tx.MarkSeen(ctx, hold.PracticeID, inspectedKey(hold.ID), now)
		if err != nil || !first {
			return err // a run that already recorded this hold
		}
		cur, err := tx.Action(ctx, hold.PracticeID, hold.ID)
		if err != nil {
			return err
		}
		annotated := cur.State == store.ActionPending && len(notes) > 0
		if annotated {
			if err := tx.SetActionText(ctx, hold.PracticeID, hold.ID, cur.Text+"; "+strings.Join(notes, "; ")); err != nil {
				return err
			}
		}
		have, err := tx.EvidenceMediaForPost(ctx, hold.PracticeID, post.ID)
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, m := range have {
			seen[m.SHA256] = true
		}
		near := 0
		for _, r := range results {
			if r.near {
				near++
			}
			if r.kept == nil {
				continue
			}
			m := *r.kept
			m.PracticeID, m.PostID, m.CapturedAt = hold.PracticeID, post.ID, now
			m.SHA256 = m.Hash()
			if seen[m.SHA256] {
				continue // kept by an earlier hold of this post, or the same photo twice
			}
			seen[m.SHA256] = true
			if err := tx.KeepEvidenceMedia(ctx, &m); err != nil {
				return err
			}
			keptIDs = append(keptIDs, m.ID)
			if _, err := audit.Append(ctx, tx, audit.Record{Time: now, PracticeID: hold.PracticeID, Kind: store.AuditEvidenceKept,
				Subject: fmt.Sprintf("post:%d", post.ID), Actor: actor,
				Detail: map[string]any{"post": post.ID, "action": hold.ID, "media": m.ID, "photo": m.Index,
					"sha256": m.SHA256, "content_type": m.ContentType, "bytes": len(m.Data)}}); err != nil {
				return err
			}
		}
		_, err = audit.Append(ctx, tx, audit.Record{Time: now, PracticeID: hold.PracticeID, Kind: store.AuditActed,
			Subject: fmt.Sprintf("action:%d", hold.ID), Actor: actor,
			Detail: map[string]any{"action": hold.ID, "post": post.ID, "kind": JobInspectMedia, "photos": len(Photos(post.Media)),
				"checked": len(results), "kept": keptIDs, "near_practice": near, "annotated": annotated, "attempt": job.Attempt}})
		return err
	})
	if err != nil {
		return fmt.Errorf("recording the inspection of post %d: %w", post.ID, err)
	}
	w.log.Info("photos inspected", "practice", hold.PracticeID, "post", post.ID, "action", hold.ID, "checked", len(results), "kept", len(keptIDs))
	return nil
}

// inspectedKey is the Dedupe key that marks a hold's photos as inspected,
// so a job that runs again after its work was committed changes nothing.
func inspectedKey(holdID int64) string { return "media:inspected:" + strconv.FormatInt(holdID, 10) }

// inspectDead records an inspection that kept failing (the store, or the
// practice's location, never a photo): the hold says so, so the reviewer
// knows nobody read the photos' metadata.
func (w *Workers) inspectDead(ctx context.Context, d queue.DeadJob) {
	p, err := decodePayload(d.Payload)
	if err != nil {
		w.log.Error("dead job with a bad payload", "job", d.ID, "kind", d.Kind, "err", err)
		return
	}
	now := w.now()
	err = w.store.WithTx(ctx, func(tx store.TxStore) error {
		first, err := tx.MarkSeen(ctx, p.PracticeID, inspectedKey(p.ActionID), now)
		if err != nil || !first {
			return err
		}
		a, err := tx.Action(ctx, p.PracticeID, p.ActionID)
		if err != nil {
			return err
		}
		if a.Kind == moderation.ActionHold && a.State == store.ActionPending {
			if err := tx.SetActionText(ctx, a.PracticeID, a.ID, a.Text+"; the photos could not be checked automatically"); err != nil {
				return err
			}
		}
		_, err = audit.Append(ctx, tx, audit.Record{Time: now, PracticeID: a.PracticeID, Kind: store.AuditFailed,
			Subject: fmt.Sprintf("action:%d", a.ID), Actor: actor,
			Detail: map[string]any{"action": a.ID, "post": a.PostID, "kind": JobInspectMedia, "error": errClass(d.Err), "attempts": d.Attempt, "permanent": d.Permanent}})
		return err
	})
	if err != nil {
		w.log.Error("recording a failed photo inspection", "practice", p.PracticeID, "action", p.ActionID, "err", err)
		return
	}
	w.log.Warn("photo inspection gave up", "practice", p.PracticeID, "action", p.ActionID, "error", errClass(d.Err))
}
