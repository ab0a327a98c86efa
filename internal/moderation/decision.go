package moderation

import "fmt"

// ActionKind is what Pagekeeper can do about a post.
type ActionKind string

// The action kinds a practice profile can ask for.
const (
	ActionHide         ActionKind = "hide"          // reversible: hidden from the public
	ActionDelete       ActionKind = "delete"        // irreversible: only after evidence is kept
	ActionReply        ActionKind = "reply"         // a public reply from the practice
	ActionPrivateReply ActionKind = "private_reply" // one private message to the poster
	ActionEscalate     ActionKind = "escalate"      // tell a named role at once
	ActionHold         ActionKind = "hold"          // hold for a person to review
	ActionReport       ActionKind = "report"        // record an incident report (guidance: "the post reported")
	ActionNone         ActionKind = "none"          // do nothing
)

// ActionKinds lists every action kind.
func ActionKinds() []ActionKind {
	return []ActionKind{ActionHide, ActionDelete, ActionReply, ActionPrivateReply,
		ActionEscalate, ActionHold, ActionReport, ActionNone}
}

// Valid reports whether k is a known action kind.
func (k ActionKind) Valid() bool {
	for _, v := range ActionKinds() {
		if v == k {
			return true
		}
	}
	return false
}

// ParseActionKind returns the action kind named s, or an error naming the valid ones.
func ParseActionKind(s string) (ActionKind, error) {
	k := ActionKind(s)
	if !k.Valid() {
		return "", fmt.Errorf("unknown action %q (want one of %v)", s, ActionKinds())
	}
	return k, nil
}

// Removes reports whether the action takes the post out of public view.
func (k ActionKind) Removes() bool { return k == ActionHide || k == ActionDelete }

// Action is one thing to do about a post, and why.
type Action struct {
	Kind     ActionKind `json:"kind"`
	Role     string     `json:"role,omitempty"`     // for escalate: who to tell
	Text     string     `json:"text,omitempty"`     // for reply and private_reply: the message
	Category Category   `json:"category,omitempty"` // the category that asked for it
	Urgent   bool       `json:"urgent,omitempty"`   // escalations that must reach a person now
	Shadow   bool       `json:"shadow,omitempty"`   // judged and recorded, never carried out (shadow mode)
}

// Decision is what a practice's policy makes of a post's findings.
type Decision struct {
	Labels   []Category `json:"labels"`
	Actions  []Action   `json:"actions"`
	Findings []Finding  `json:"findings"`
}
