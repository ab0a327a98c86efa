package jobs_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/jobs"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

// slowReplies makes private replies take longer than a delete's wait.
type slowReplies struct{ jobs.Platform }

func (p slowReplies) PrivateReply(ctx context.Context, r platform.Ref, text string) error {
	time.Sleep(1500 * time.Millisecond)
	return p.Platform.PrivateReply(ctx, r, text)
}

// TestDeleteWaitsForPrivateReply checks that a decision's delete waits for
// its private reply: a reply to a deleted comment cannot be sent.
func TestDeleteWaitsForPrivateReply(t *testing.T) {
	e := newEnv(t, func(e *env) { e.wrap = func(p jobs.Platform) jobs.Platform { return slowReplies{p} } })
	e.start(t)
	ev := e.comment(t, "Dr Hill is a bloody disgrace", time.Now()) // staff named (hide, private reply) and obscene (hide, delete, report)
	res := e.ingest(t, ev)
	as := e.settled(t, res.PostID)
	got := states(as)
	if got[moderation.ActionPrivateReply] != store.ActionDone || got[moderation.ActionDelete] != store.ActionDone {
		t.Fatalf("action states %v", got)
	}
	msgs := e.graph.Messages()
	dels := e.calls(http.MethodDelete, ev.Ref.ObjectID)
	var sent []time.Time
	for _, c := range e.graph.Calls() {
		if c.Method == http.MethodPost && c.Path == "/"+pageID+"/messages" {
			sent = append(sent, c.Time)
		}
	}
	if len(msgs) != 1 || len(sent) != 1 || len(dels) != 1 || dels[0].Time.Before(sent[0]) {
		t.Errorf("%d private replies (%v), %d deletes (%v): the reply must go first", len(msgs), sent, len(dels), dels)
	}
}
