package main

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"strings"

	"github.com/pagekeeper/pagekeeper/examples"
	"github.com/pagekeeper/pagekeeper/internal/detect"
	"github.com/pagekeeper/pagekeeper/internal/evaldata"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/policy"
	"github.com/pagekeeper/pagekeeper/internal/profile"
)

// demoPosts is a realistic stream of comments on the demo practice's pages,
// written for the demo, covering every category.
//
//go:embed demo_posts.jsonl
var demoPosts []byte

// loadDemoPractice loads the profile at path, or the embedded demo practice when path is empty.
func loadDemoPractice(path string) (*profile.Profile, *detect.Engine, error) {
	if path != "" {
		return loadPractice(path)
	}
	b, err := examples.FS.ReadFile("demo.yaml")
	if err != nil {
		return nil, nil, fmt.Errorf("reading the embedded demo practice: %w", err)
	}
	p, err := profile.Parse("examples/demo.yaml", b)
	if err != nil {
		return nil, nil, err
	}
	eng, err := newEngine(p)
	return p, eng, err
}

func runDemo(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "demo", "[--practice FILE]", `
Show Pagekeeper working with nothing to set up: the demo practice (Ashgrove
Surgery, fictional) and a stream of comments on its pages, each judged against
the practice's guidance, with the clause it breaks, the evidence, the reason
and what would be done.`)
	path := fs.String("practice", "", "the practice profile (YAML; default: the embedded demo practice)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	p, eng, err := loadDemoPractice(*path)
	if err != nil {
		return err
	}
	posts, err := evaldata.Read("demo posts", bytes.NewReader(demoPosts))
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Pagekeeper demo: %s, %d posts on its pages\n", p.Name, len(posts))
	for _, post := range posts {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		fmt.Fprintf(env.Stdout, "\n%s\n[%s] %s\n", strings.Repeat("─", 72), post.Channel, post.Text)
		findings := eng.Judge(post.Text, moderation.Channel(post.Channel))
		explain(env.Stdout, p, post.Text, policy.Decide(p, findings), false)
	}
	return nil
}
