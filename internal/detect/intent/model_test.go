package intent

import "testing"

func TestEmbeddedModel(t *testing.T) {
	m, err := loadModel()
	if err != nil {
		t.Fatal(err)
	}
	if m == nil {
		t.Skip("no model embedded: rules only")
	}
	for _, c := range mine {
		if m.Label(string(c)) < 0 {
			t.Errorf("embedded model has no %s label (labels %v)", c, m.Labels)
		}
	}
}
