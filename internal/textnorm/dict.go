package textnorm

// Dict is a read-only table from normalised words to values, built once.
// It is keyed by HashBytes, the hash Doc.Hash already holds for every word,
// so looking a post's word up costs a probe or two and one string compare,
// without hashing the word again for every detector that reads it.
type Dict[V any] struct {
	shift uint8
	slots []dictSlot[V]
}

type dictSlot[V any] struct {
	hash uint64
	used bool
	key  string
	val  V
}

// NewDict builds a Dict holding every entry of m.
func NewDict[V any](m map[string]V) *Dict[V] {
	bits := uint8(1)
	for 1<<bits < 2*len(m) {
		bits++
	}
	t := &Dict[V]{shift: 64 - bits, slots: make([]dictSlot[V], 1<<bits)}
	mask := uint64(len(t.slots) - 1)
	for k, v := range m {
		h := HashString(k)
		i := t.slot(h)
		for t.slots[i].used {
			i = (i + 1) & mask
		}
		t.slots[i] = dictSlot[V]{hash: h, used: true, key: k, val: v}
	}
	return t
}

// slot is the home slot of hash h: its top bits after a multiplicative mix,
// as FNV's low bits alone spread short words poorly.
func (t *Dict[V]) slot(h uint64) uint64 { return (h * 0x9e3779b97f4a7c15) >> t.shift }

// Len is the number of words in the table.
func (t *Dict[V]) Len() int {
	n := 0
	for i := range t.slots {
		if t.slots[i].used {
			n++
		}
	}
	return n
}

// Lookup returns the value of key whose HashBytes is h.
func (t *Dict[V]) Lookup(h uint64, key []byte) (V, bool) {
	mask := uint64(len(t.slots) - 1)
	for i := t.slot(h); ; i = (i + 1) & mask {
		s := &t.slots[i]
		if !s.used {
			var zero V
			return zero, false
		}
		if s.hash == h && s.key == string(key) {
			return s.val, true
		}
	}
}

// Get returns the value of key.
func (t *Dict[V]) Get(key []byte) (V, bool) { return t.Lookup(HashBytes(key), key) }

// Word returns the value of the i-th word of d, as normalised.
func (t *Dict[V]) Word(d *Doc, i int) (V, bool) {
	w := d.Words[i]
	return t.Lookup(d.hashes[i], d.Norm[w.Start:w.End])
}
