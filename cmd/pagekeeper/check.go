package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/policy"
	"github.com/pagekeeper/pagekeeper/internal/profile"
)

func runCheck(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "check", `--practice FILE [--channel CH] "post text"`, `
Judge one post and explain the verdict for a person: which clause of the
practice's guidance it breaks, the words that show it, why, and what
Pagekeeper would do.`)
	path := fs.String("practice", "", "the practice profile (YAML)")
	channel := fs.String("channel", "", "where the post was made: facebook, instagram, x or website")
	of := addOpinionFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *path == "" || fs.NArg() == 0 {
		fs.Usage()
		return errUsage
	}
	if *channel != "" && !moderation.Channel(*channel).Valid() {
		return fmt.Errorf("unknown channel %q (want one of %v)", *channel, moderation.Channels())
	}
	p, eng, err := loadPractice(*path)
	if err != nil {
		return err
	}
	judge, err := newJudge(env, p, eng, of)
	if err != nil {
		return err
	}
	text := strings.Join(fs.Args(), " ")
	findings := judge(ctx, text, moderation.Channel(*channel))
	d := policy.Decide(p, findings)
	explain(env.Stdout, p, text, d, env.IsTerminal && env.Stdout == env.Stderr)
	return nil
}

// explain writes a decision for a person to read.
func explain(w io.Writer, p *profile.Profile, text string, d moderation.Decision, color bool) {
	if len(d.Findings) == 0 {
		fmt.Fprintf(w, "No breach of %s's guidance found. Nothing would be done.\n", p.Name)
		return
	}
	fmt.Fprintf(w, "Found: %s\n", strings.Join(describeAll(d.Labels), "; "))
	for i, f := range d.Findings {
		fmt.Fprintf(w, "\n%d. %s (clause %s, score %.2f)\n", i+1, f.Category.Describe(), f.Clause, f.Score)
		if q := profile.ClauseText(p, f.Clause); q != "" {
			fmt.Fprintf(w, "   Guidance: %q\n", q)
		}
		fmt.Fprintf(w, "   Evidence: %s\n", highlight(text, f.Start, f.End, color))
		fmt.Fprintf(w, "   Why: %s\n", f.Reason)
	}
	fmt.Fprintln(w, "\nWhat would be done:")
	if len(d.Actions) == 0 {
		fmt.Fprintln(w, "  nothing")
	}
	for i, a := range d.Actions {
		fmt.Fprintf(w, "  %d. %s\n", i+1, describeAction(a))
	}
}

func describeAll(cs []moderation.Category) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Describe()
	}
	return out
}

// highlight marks text[start:end] with brackets (or bold on a terminal),
// showing a little context either side.
func highlight(text string, start, end int, color bool) string {
	if start < 0 || end > len(text) || start > end {
		return text
	}
	open, close := "[[", "]]"
	if color {
		open, close = "\x1b[1;4m", "\x1b[0m"
	}
	before, after := text[:start], text[end:]
	if len(before) > 60 {
		before = "…" + trimLeftRune(before[len(before)-60:])
	}
	if len(after) > 60 {
		after = trimRightRune(after[:60]) + "…"
	}
	return before + open + text[start:end] + close + after
}

// trimLeftRune drops leading bytes until a cut string is valid UTF-8 again.
func trimLeftRune(s string) string {
	for len(s) > 0 && !utf8.ValidString(s) {
		s = s[1:]
	}
	return s
}

// trimRightRune drops trailing bytes until a cut string is valid UTF-8 again.
func trimRightRune(s string) string {
	for len(s) > 0 && !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}

// describeAction says what an action does, in words for practice staff.
func describeAction(a moderation.Action) string {
	var s string
	switch a.Kind {
	case moderation.ActionHide:
		s = "Hide the post from the public (can be restored)"
	case moderation.ActionDelete:
		s = "Delete the post, after keeping a copy as evidence"
	case moderation.ActionReply:
		s = "Reply publicly: " + quote(a.Text)
	case moderation.ActionPrivateReply:
		s = "Send the poster a private message: " + quote(a.Text)
	case moderation.ActionEscalate:
		s = "Tell the " + strings.ReplaceAll(a.Role, "_", " ")
		if a.Urgent {
			s += " at once (urgent)"
		}
	case moderation.ActionHold:
		s = "Hold for a member of staff to review"
	case moderation.ActionReport:
		s = "Record an incident report"
	default:
		s = string(a.Kind)
	}
	if a.Category != "" {
		s += " [" + string(a.Category) + "]"
	}
	if a.Shadow {
		s += " (shadow mode: recorded, not done)"
	}
	return s
}

func quote(s string) string { return "\u201c" + s + "\u201d" }
