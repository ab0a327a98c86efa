package moderation

import (
	"slices"
	"testing"
)

func TestCategories(t *testing.T) {
	all := AllCategories()
	if len(all) != NumCategories || NumCategories != 11 {
		t.Fatalf("%d categories, want 11", len(all))
	}
	for i, c := range all {
		if c.Index() != i || !c.Valid() || c.Clause() == "" || c.Describe() == string(c) {
			t.Errorf("category %q: index %d, clause %q, describe %q", c, c.Index(), c.Clause(), c.Describe())
		}
		if got, err := ParseCategory(string(c)); err != nil || got != c {
			t.Errorf("ParseCategory(%q) = %q, %v", c, got, err)
		}
	}
	if _, err := ParseCategory("rude"); err == nil {
		t.Error("ParseCategory accepted an unknown category")
	}
	all[0] = "changed"
	if AllCategories()[0] != PatientInfo {
		t.Error("AllCategories returned its own backing array")
	}
}

func TestSet(t *testing.T) {
	var s Set
	s = s.Add(Review).Add(Complaint).Add(Category("nope")).Add(Review)
	if !s.Has(Review) || !s.Has(Complaint) || s.Has(Fraud) {
		t.Errorf("set %b membership wrong", s)
	}
	if got := s.Categories(); !slices.Equal(got, []Category{Complaint, Review}) {
		t.Errorf("Categories() = %v, want sorted [complaint review]", got)
	}
	fs := []Finding{{Category: Fraud}, {Category: Fraud}, {Category: Obscene}}
	if got := Labels(fs).Categories(); !slices.Equal(got, []Category{Fraud, Obscene}) {
		t.Errorf("Labels = %v", got)
	}
}

func TestActionKinds(t *testing.T) {
	for _, k := range ActionKinds() {
		if got, err := ParseActionKind(string(k)); err != nil || got != k {
			t.Errorf("ParseActionKind(%q) = %q, %v", k, got, err)
		}
	}
	if _, err := ParseActionKind("vaporise"); err == nil {
		t.Error("ParseActionKind accepted an unknown action")
	}
	if !ActionHide.Removes() || !ActionDelete.Removes() || ActionEscalate.Removes() {
		t.Error("Removes is wrong")
	}
	for _, ch := range Channels() {
		if !ch.Valid() {
			t.Errorf("channel %q not valid", ch)
		}
	}
	if Channel("tiktok").Valid() {
		t.Error("tiktok is not a channel")
	}
}
