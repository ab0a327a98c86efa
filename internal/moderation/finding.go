package moderation

// Finding is one detector's evidence that a post falls into a category: the
// category, the guidance clause it breaks, the exact span of the post's text
// (byte offsets, End exclusive), a score in [0,1] and a reason a receptionist
// understands.
type Finding struct {
	Category Category `json:"category"`
	Clause   Clause   `json:"clause"`
	Start    int      `json:"start"`
	End      int      `json:"end"`
	Score    float64  `json:"score"`
	Reason   string   `json:"reason"`
}

// Labels returns the categories the findings carry, as a set.
func Labels(fs []Finding) Set {
	var s Set
	for _, f := range fs {
		s = s.Add(f.Category)
	}
	return s
}
