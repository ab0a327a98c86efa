package conduct

import "hash/maphash"

// wordTable is a read-only open-addressing hash table from normalised words
// to lexicon entries, built once by New. It is the one lookup per word of the
// hot path: a hash, usually one probe, and a string compare only on a hash
// match.
type wordTable struct {
	seed  maphash.Seed
	mask  uint64
	slots []tableSlot
}

type tableSlot struct {
	hash uint64 // 0 marks an empty slot
	key  string
	e    *entry
}

// newWordTable builds a table holding every entry of m.
func newWordTable(m map[string]*entry) *wordTable {
	n := uint64(1)
	for n < uint64(len(m))*4 {
		n <<= 1
	}
	t := &wordTable{seed: maphash.MakeSeed(), mask: n - 1, slots: make([]tableSlot, n)}
	for k, e := range m {
		h := t.hash([]byte(k))
		i := h & t.mask
		for t.slots[i].hash != 0 {
			i = (i + 1) & t.mask
		}
		t.slots[i] = tableSlot{hash: h, key: k, e: e}
	}
	return t
}

func (t *wordTable) hash(b []byte) uint64 {
	h := maphash.Bytes(t.seed, b)
	if h == 0 {
		h = 1
	}
	return h
}

// get returns the entry for word b, or nil.
func (t *wordTable) get(b []byte) *entry {
	h := t.hash(b)
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.hash == 0 {
			return nil
		}
		if s.hash == h && s.key == string(b) {
			return s.e
		}
	}
}
