package linear

import (
	"bytes"
	"testing"

	"github.com/pagekeeper/pagekeeper/internal/textnorm"
)

// TrainRows on the features Extract gives must learn what Train learns.
func TestTrainRowsMatchesTrain(t *testing.T) {
	o := DefaultOptions()
	o.Bits = 12
	ex := toyExamples()
	x := &Extractor{Bits: o.Bits, Bigrams: o.Bigrams}
	var rows [][]uint32
	var y [][]bool
	for _, e := range ex {
		var r []uint32
		for _, f := range x.Extract(textnorm.New(e.Text)) {
			r = append(r, f.Hash)
		}
		rows = append(rows, r)
		y = append(y, e.Labels)
	}
	a, b := Train([]string{"spam"}, ex, o), TrainRows([]string{"spam"}, rows, y, o)
	var ba, bb bytes.Buffer
	if err := a.Write(&ba); err != nil {
		t.Fatal(err)
	}
	if err := b.Write(&bb); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(ba.Bytes(), bb.Bytes()) {
		t.Error("TrainRows and Train gave different models from the same features")
	}
}
