package privacy

import "testing"

func TestEditDistance(t *testing.T) {
	tests := []struct {
		name  string
		a, b  string
		limit int
		want  int
	}{
		{"equal", "okafor", "okafor", 2, 0},
		{"substitution", "okafur", "okafor", 2, 1},
		{"transposition", "siobahn", "siobhan", 2, 1},
		{"insertion", "nowack", "nowak", 2, 1},
		{"deletion", "castlton", "castleton", 2, 1},
		{"two edits", "castelton", "castletan", 2, 2},
		{"over limit", "smith", "okafor", 1, 2},
		{"length gap over limit", "al", "alexander", 2, 3},
		{"empty", "", "abc", 3, 3},
		{"too long", "abcdefghijklmnopqrstuvwxyz", "abcdefghijklmnopqrstuvwxyz", 2, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := editDistance([]byte(tt.a), []byte(tt.b), tt.limit); got != tt.want {
				t.Errorf("editDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
			}
		})
	}
}

func TestFuzzyLimit(t *testing.T) {
	tests := []struct {
		name string
		n    int
		want int
	}{
		{"short names never fuzzy", 4, 0},
		{"medium one edit", 6, 1},
		{"long two edits", 9, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fuzzyLimit(tt.n); got != tt.want {
				t.Errorf("fuzzyLimit(%d) = %d, want %d", tt.n, got, tt.want)
			}
		})
	}
}

func BenchmarkEditDistance(b *testing.B) {
	x, y := []byte("castelton"), []byte("castleton")
	for b.Loop() {
		editDistance(x, y, 2)
	}
}
