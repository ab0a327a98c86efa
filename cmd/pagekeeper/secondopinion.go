package main

import (
	"context"
	"flag"
	"strings"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/profile"
	"github.com/pagekeeper/pagekeeper/internal/secondopinion"
)

// opinionFlags are the flags that turn on the optional second opinion.
type opinionFlags struct {
	endpoint, model *string
}

func addOpinionFlags(fs *flag.FlagSet) opinionFlags {
	return opinionFlags{
		endpoint: fs.String("second-opinion", "", "base URL of an OpenAI-compatible chat API to ask about uncertain posts (off by default; the key is read from $PAGEKEEPER_SECOND_OPINION_KEY)"),
		model:    fs.String("second-opinion-model", "", "the model name the second-opinion API expects"),
	}
}

// judge is the detectors' judgement, optionally reviewed by a second opinion.
type judge func(ctx context.Context, text string, ch moderation.Channel) []moderation.Finding

// newJudge returns the engine's judgement, followed by a second opinion on
// uncertain posts when the flags ask for one. The practice's rendered
// guidance is the policy the second opinion judges against.
func newJudge(env *Env, p *profile.Profile, eng interface {
	Judge(string, moderation.Channel) []moderation.Finding
}, of opinionFlags) (judge, error) {
	base := func(_ context.Context, text string, ch moderation.Channel) []moderation.Finding {
		return eng.Judge(text, ch)
	}
	if *of.endpoint == "" {
		return base, nil
	}
	var policy strings.Builder
	if err := profile.Render(&policy, p, profile.FormatText); err != nil {
		return nil, err
	}
	c := secondopinion.New(secondopinion.Config{
		Endpoint: *of.endpoint,
		APIKey:   env.Getenv("PAGEKEEPER_SECOND_OPINION_KEY"),
		Model:    *of.model,
		Policy:   policy.String(),
	}, nil)
	return func(ctx context.Context, text string, ch moderation.Channel) []moderation.Finding {
		fs := eng.Judge(text, ch)
		if !c.Uncertain(fs) {
			return fs
		}
		reviewed, err := c.Review(ctx, text, fs)
		if err != nil {
			return fs // any failure leaves the detectors' findings as they were
		}
		return reviewed
	}, nil
}
