package moderation

import "time"

// Channel is where a post was made.
type Channel string

// The channels Pagekeeper reads.
const (
	Facebook  Channel = "facebook"
	Instagram Channel = "instagram"
	X         Channel = "x"
	Website   Channel = "website"
)

// Channels lists the supported channels.
func Channels() []Channel { return []Channel{Facebook, Instagram, X, Website} }

// Valid reports whether ch is a supported channel.
func (ch Channel) Valid() bool {
	switch ch {
	case Facebook, Instagram, X, Website:
		return true
	}
	return false
}

// Post is one comment, post, reply or mention on a practice's page, in platform-neutral form.
type Post struct {
	ID         string    // Pagekeeper's own identifier, unique within a practice
	PracticeID string    // the practice whose page it is on
	Channel    Channel   // where it was posted
	ExternalID string    // the platform's identifier, for actions
	ParentID   string    // the platform's identifier of what it replies to, if any
	Author     Author    // who posted it
	Text       string    // what they wrote, as posted
	Media      []Media   // attachments
	Permalink  string    // a link to the post on the platform
	CreatedAt  time.Time // when the platform says it was posted
}

// Author is the poster as the platform identifies them.
type Author struct {
	ID   string
	Name string
}

// Media is an attachment on a post.
type Media struct {
	Kind string // "photo" or "video"
	URL  string
}
