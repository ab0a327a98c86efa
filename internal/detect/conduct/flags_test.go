package conduct

import (
	"math/bits"
	"testing"
)

func TestFlagWords(t *testing.T) {
	for fl, list := range flagWords() {
		if bits.OnesCount64(fl) != 1 {
			t.Errorf("flag %b is not a single bit", fl)
		}
		if len(fields(list)) == 0 {
			t.Errorf("flag %b has no words", fl)
		}
	}
}
