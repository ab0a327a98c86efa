package profile

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestMarshalImport(t *testing.T) {
	p, r := importFile(t, "testdata/seeds/quorn-medical-centre.txt")
	r.Unmapped = append(r.Unmapped, "An unknown sentence.")
	y, err := MarshalImport(p, r, "quorn.txt")
	if err != nil {
		t.Fatalf("MarshalImport: %v", err)
	}
	got := string(y)
	for _, want := range []string{
		"# Imported from quorn.txt by pagekeeper import.\n",
		"# The import reported:\n",
		"# not mapped, left out: \"An unknown sentence.\"\n",
		"\nchannels: [facebook]\n",
		"ods_code: C82034\n",
		"  # GUESSED: the document gives no address for complaints",
		"  # what the document calls itself: guidance or policy\n  document: guidance\n",
		"  style:\n    always_phrase: always\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("YAML lacks %q:\n%s", want, got)
		}
	}
}

func TestMarshalImportChecksTheResult(t *testing.T) {
	p := &Profile{Name: "A Surgery", Links: Links{Reviews: "https://a.example/r", Complaints: "https://a.example/c"}}
	if _, err := MarshalImport(p, &ImportReport{}, "a.txt"); err == nil || !strings.Contains(err.Error(), "channels") {
		t.Errorf("MarshalImport of a profile without channels: error %v, want one naming channels", err)
	}
}

func TestImportGolden(t *testing.T) {
	for _, s := range seeds {
		t.Run(s.name, func(t *testing.T) {
			p, r := importFile(t, s.document)
			y, err := MarshalImport(p, r, filepath.Base(s.document))
			if err != nil {
				t.Fatalf("MarshalImport: %v", err)
			}
			golden(t, s.name+".import.yaml.golden", y)
		})
	}
}
