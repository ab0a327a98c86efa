package privacy

// maxFuzzyLen bounds the words the edit distance compares; longer words are
// never names worth a fuzzy match, and the bound keeps the table on the stack.
const maxFuzzyLen = 24

// editDistance returns the optimal-string-alignment (restricted
// Damerau-Levenshtein) distance between a and b: insertions, deletions,
// substitutions and transpositions of adjacent letters each cost one, which
// covers the usual ways people misspell a name ("Okafur", "Siobahn",
// "Castelton"). It returns limit+1 as soon as the distance must exceed limit,
// and for words longer than maxFuzzyLen. It does not allocate.
func editDistance(a, b []byte, limit int) int {
	if len(a) > maxFuzzyLen || len(b) > maxFuzzyLen {
		return limit + 1
	}
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	var rows [3][maxFuzzyLen + 1]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			best = min(best, v)
		}
		if best > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// fuzzyLimit is the number of edits a misspelt name of n letters may carry:
// none for short names (Joy, Bob, Hill collide with too many words), one for
// most, two for long names.
func fuzzyLimit(n int) int {
	switch {
	case n < 5:
		return 0
	case n < 8:
		return 1
	}
	return 2
}
