package main

import (
	"strings"
	"testing"
)

func TestDemoRunsOnEmbeddedDefaults(t *testing.T) {
	code, out, errOut := run(t, "", "demo")
	if code != 0 {
		t.Fatalf("demo exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "Ashgrove Surgery, 12 posts") {
		t.Errorf("demo output does not introduce the demo practice:\n%s", out)
	}
	if n := strings.Count(out, "[facebook]") + strings.Count(out, "[instagram]") + strings.Count(out, "[x]") + strings.Count(out, "[website]"); n != 12 {
		t.Errorf("demo showed %d posts, want 12", n)
	}
}
