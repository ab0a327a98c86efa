package main

import (
	"context"
	"fmt"
	"sync"

	"github.com/pagekeeper/pagekeeper/internal/profile"
	"github.com/pagekeeper/pagekeeper/internal/triage"
	"github.com/pagekeeper/pagekeeper/internal/web"
)

// livePractices is each practice's current profile and detectors. Triage
// reads it for every event; the settings page replaces a practice's entry
// when a changed profile is saved, so the change takes effect at once.
type livePractices struct {
	mu sync.RWMutex
	m  map[string]triage.Practice
}

var (
	_ triage.Practices = (*livePractices)(nil)
	_ web.Policies     = (*livePractices)(nil)
)

func newLivePractices() *livePractices { return &livePractices{m: map[string]triage.Practice{}} }

// set records a practice's profile and detectors.
func (l *livePractices) set(id string, p triage.Practice) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.m[id] = p
}

// Practice returns the practice's profile and detectors; see triage.Practices.
func (l *livePractices) Practice(_ context.Context, id string) (*profile.Profile, triage.Judge, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	p, ok := l.m[id]
	if !ok || p.Profile == nil || p.Judge == nil {
		return nil, nil, fmt.Errorf("practice %q: %w", id, triage.ErrUnknownPractice)
	}
	return p.Profile, p.Judge, nil
}

// location returns the practice's location, for reading photos' metadata.
func (l *livePractices) location(_ context.Context, id string) (*profile.Location, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	p, ok := l.m[id]
	if !ok {
		return nil, triage.ErrUnknownPractice
	}
	return p.Profile.Location, nil
}

// Judge builds detectors for p with the same family makers the service
// uses, so policy tests judge as the service will.
func (l *livePractices) Judge(p *profile.Profile) (triage.Judge, error) {
	eng, err := newEngine(p)
	if err != nil {
		return nil, err
	}
	return eng.Judge, nil
}

// Apply makes p the practice's live profile, with detectors built for it
// (its staff directory and aliases feed them).
func (l *livePractices) Apply(_ context.Context, id string, p *profile.Profile) error {
	judge, err := l.Judge(p)
	if err != nil {
		return err
	}
	l.set(id, triage.Practice{Profile: p, Judge: judge})
	return nil
}
