package jobs

import (
	"encoding/json"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/store"
)

func TestJobForCarriesIDsOnly(t *testing.T) {
	a := store.Action{ID: 40, PracticeID: "roxbourne", Kind: moderation.ActionReply, Text: "a reply the poster will read"}
	j := JobFor(a)
	if j.Kind != "reply" || string(j.Payload) != `{"practice":"roxbourne","action":40}` {
		t.Errorf("job %s %s", j.Kind, j.Payload)
	}
	p, err := decodePayload(j.Payload)
	if err != nil || p != (Payload{PracticeID: "roxbourne", ActionID: 40}) {
		t.Errorf("decodePayload = %+v, %v", p, err)
	}
}

func TestDecodePayloadRejects(t *testing.T) {
	tests := []struct {
		name    string
		payload string
	}{
		{"not json", `nope`},
		{"no practice", `{"action":4}`},
		{"no action", `{"practice":"roxbourne"}`},
		{"negative action", `{"practice":"roxbourne","action":-1}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := decodePayload(json.RawMessage(tt.payload)); err == nil {
				t.Errorf("decodePayload(%s) accepted", tt.payload)
			}
		})
	}
}

func TestPostLink(t *testing.T) {
	if got := PostLink(12); got != "/posts/12" {
		t.Errorf("PostLink(12) = %q", got)
	}
}
