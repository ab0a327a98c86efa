package store

import "testing"

func TestEvidenceMediaHash(t *testing.T) {
	m := EvidenceMedia{PracticeID: "p1", PostID: 7, Index: 1, ContentType: "image/jpeg", Data: []byte("\xff\xd8pixels")}
	// printf '\xff\xd8pixels' | sha256sum
	const want = "59d6baf383fd846b7a5d3396fdae31542dde6bde6acf008bfbf2d0d3047a2831"
	if got := m.Hash(); got != want {
		t.Fatalf("Hash() = %q, want %q", got, want)
	}
	m.SHA256 = m.Hash()
	if !m.Intact() {
		t.Error("Intact() = false for an untouched record")
	}
	other := m
	other.PostID, other.Index = 8, 2
	if other.Hash() != m.Hash() {
		t.Error("the same bytes hash differently under another post")
	}
	m.Data = append(m.Data, 0)
	if m.Intact() {
		t.Error("Intact() = true after the bytes changed")
	}
}
