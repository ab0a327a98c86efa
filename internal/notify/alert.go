package notify

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/pagekeeper/pagekeeper/internal/jobs"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/profile"
)

// Alert is a notification about one post, given as facts so the wording
// (and what is left out of it) is decided here, in one place.
type Alert struct {
	PracticeID string
	Role       string
	Urgent     bool
	Channel    moderation.Channel
	Category   moderation.Category
	// Reason is the finding's reason. Detectors may quote the post in it
	// ("names Mrs A together with a health detail ("..."))"), so unless
	// text is included it is sent with quotes and words of the post taken
	// out.
	Reason   string
	Link     string // the post's page in Pagekeeper
	PostText string // sent only if Config.IncludeText
}

// Alert composes a and sends it as Notify does. The practice's name comes
// from its profile.
func (n *Mailer) Alert(ctx context.Context, a Alert) error {
	p, err := n.dir.Profile(ctx, a.PracticeID)
	if err != nil {
		return &Error{PracticeID: a.PracticeID, Role: a.Role, Transient: true, Err: fmt.Errorf("reading profile: %w", err)}
	}
	return n.Notify(ctx, Compose(p, a, n.cfg.IncludeText))
}

// Compose returns the message for a: a subject naming the kind of post, the
// practice and the channel ("[URGENT] Pagekeeper: someone may be at risk on
// Ashgrove Surgery's Facebook page"), and a body with the category, the
// guidance clause, the reason and the link. The post's text is in the body
// only if includeText; the subject never has it.
func Compose(p *profile.Profile, a Alert, includeText bool) jobs.Message {
	what := a.Category.Describe()
	subj := fmt.Sprintf("%s on %s's %s", what, p.Name, channelPage(a.Channel))
	var b strings.Builder
	if a.Urgent {
		b.WriteString("URGENT: please look at this now.\n\n")
	}
	fmt.Fprintf(&b, "Pagekeeper found a post on %s's %s that needs you as %s.\n\n",
		p.Name, channelPage(a.Channel), roleName(a.Role))
	fmt.Fprintf(&b, "Category: %s (%s)\n", what, a.Category)
	if c := a.Category.Clause(); c != "" {
		fmt.Fprintf(&b, "Guidance: %s\n", clauseName(c))
	}
	if a.Reason != "" {
		reason := a.Reason
		if !includeText {
			reason = Redact(a.Reason, a.PostText)
		}
		fmt.Fprintf(&b, "Reason: %s\n", reason)
	}
	if includeText && a.PostText != "" {
		fmt.Fprintf(&b, "\nThe post:\n%s\n", indent(a.PostText))
	} else {
		b.WriteString("\nWhat the post says is not in this email, which may be read outside NHSmail.\n")
	}
	if a.Link != "" {
		fmt.Fprintf(&b, "\nSee the post (sign-in needed): %s\n", a.Link)
	}
	return jobs.Message{
		PracticeID: a.PracticeID, Role: a.Role, Urgent: a.Urgent,
		Subject: subj, Body: b.String(), Link: a.Link,
	}
}

// Redact takes out of reason what may have come from the post: anything in
// quotation marks, and capitalised words (names) that also appear in
// postText. What is left says what kind of finding it is without saying
// who or what.
func Redact(reason, postText string) string {
	const gap = "[…]"
	var out strings.Builder
	quote := rune(0)
	for _, r := range reason {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
				out.WriteString(gap)
			}
		case r == '"':
			quote = '"'
		case r == '“':
			quote = '”'
		default:
			out.WriteRune(r)
		}
	}
	if quote != 0 {
		out.WriteString(gap)
	}
	s := out.String()
	if postText == "" {
		return s
	}
	post := map[string]bool{}
	for _, w := range strings.FieldsFunc(postText, notWord) {
		post[wordKey(w)] = true
	}
	words := strings.Fields(s)
	for i, w := range words {
		core := strings.TrimFunc(w, notWord)
		if core == "" || i == 0 {
			continue
		}
		r := []rune(core)
		if unicode.IsUpper(r[0]) && post[wordKey(core)] {
			words[i] = strings.Replace(w, core, gap, 1)
		}
	}
	s = strings.Join(words, " ")
	for strings.Contains(s, gap+" "+gap) {
		s = strings.ReplaceAll(s, gap+" "+gap, gap)
	}
	return s
}

// wordKey is how Redact compares words: lower case, without a possessive.
func wordKey(w string) string {
	w = strings.ToLower(w)
	return strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
}

func notWord(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’'
}

func indent(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return "> " + strings.Join(lines, "\n> ")
}

// channelPage names the practice's presence on a channel.
func channelPage(ch moderation.Channel) string {
	switch ch {
	case moderation.Facebook:
		return "Facebook page"
	case moderation.Instagram:
		return "Instagram account"
	case moderation.X:
		return "X account"
	case moderation.Website:
		return "website"
	}
	return "page"
}

func roleName(role string) string {
	if role == "" {
		return "the practice's contact"
	}
	return "the " + strings.ReplaceAll(role, "_", " ")
}

func clauseName(c moderation.Clause) string {
	switch c {
	case moderation.ClauseComplaints:
		return "the complaints section"
	case moderation.ClauseSafeguarding:
		return "the duty to safeguard"
	case moderation.ClauseChannels:
		return "the practice's channels for care"
	}
	return "clause " + string(c)
}
