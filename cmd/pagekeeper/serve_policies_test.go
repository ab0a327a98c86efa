package main

import (
	"errors"
	"testing"

	"github.com/pagekeeper/pagekeeper/examples"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/profile"
	"github.com/pagekeeper/pagekeeper/internal/triage"
)

// TestLivePracticesApply checks a saved profile takes effect at once: a
// new staff alias is found by the practice's detectors after Apply.
func TestLivePracticesApply(t *testing.T) {
	ctx := t.Context()
	l := newLivePractices()
	if _, _, err := l.Practice(ctx, "ashgrove"); !errors.Is(err, triage.ErrUnknownPractice) {
		t.Fatalf("an unknown practice = %v", err)
	}
	b, err := examples.FS.ReadFile("demo.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := profile.Parse("demo.yaml", b)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Apply(ctx, "ashgrove", p); err != nil {
		t.Fatal(err)
	}
	const post = "Deano on the front desk is a total waste of space"
	staffFound := func() bool {
		_, judge, err := l.Practice(ctx, "ashgrove")
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range judge(post, moderation.Facebook) {
			if f.Category == moderation.StaffIdentified {
				return true
			}
		}
		return false
	}
	before := staffFound()
	changed := *p
	changed.Staff = append([]profile.Staff(nil), p.Staff...)
	for i := range changed.Staff {
		if changed.Staff[i].Name == "Dean Marsh" {
			changed.Staff[i].Aliases = append(append([]string(nil), changed.Staff[i].Aliases...), "Deano")
		}
	}
	if err := l.Apply(ctx, "ashgrove", &changed); err != nil {
		t.Fatal(err)
	}
	if !staffFound() {
		t.Errorf("after adding the alias Deano the detectors do not find staff (before: %v)", before)
	}
	if loc, err := l.location(ctx, "ashgrove"); err != nil || loc == nil {
		t.Errorf("location = %v, %v", loc, err)
	}
}
