package store

import "testing"

func TestQueueStateValid(t *testing.T) {
	tests := []struct {
		name string
		s    QueueState
		want bool
	}{
		{"needs review", QueueNeedsReview, true},
		{"acted", QueueActed, true},
		{"restored", QueueRestored, true},
		{"all", QueueAll, true},
		{"empty", "", false},
		{"unknown", "later", false},
	}
	for _, tt := range tests {
		if got := tt.s.Valid(); got != tt.want {
			t.Errorf("%s: Valid() = %v, want %v", tt.name, got, tt.want)
		}
	}
}
