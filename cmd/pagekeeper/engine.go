package main

import (
	"fmt"

	"github.com/pagekeeper/pagekeeper/internal/detect"
	"github.com/pagekeeper/pagekeeper/internal/profile"
)

// newEngine builds the detectors for a practice: privacy first (its staff
// findings are evidence for the others), then conduct, then intent.
func newEngine(p *profile.Profile) (*detect.Engine, error) {
	mp := p.Practice()
	var fams []detect.Family
	for _, mk := range familyMakers {
		f, err := mk(mp)
		if err != nil {
			return nil, fmt.Errorf("building detectors: %w", err)
		}
		fams = append(fams, f)
	}
	return detect.NewEngine(fams...), nil
}

// loadPractice loads a profile and builds its engine.
func loadPractice(path string) (*profile.Profile, *detect.Engine, error) {
	p, err := profile.LoadFile(path)
	if err != nil {
		return nil, nil, err
	}
	e, err := newEngine(p)
	if err != nil {
		return nil, nil, err
	}
	return p, e, nil
}
