package textnorm

// Dict is a read-only table from normalised words to values, built once.
// It is keyed by HashBytes, the hash Doc.Hash already holds for every word,
// so looking a post's word up costs a probe or two and one string compare,
// without hashing the word again for every detector that reads it.
type Dict[V any] struct {
	shift uint8
	// Open addressing with linear probing over hashes alone (8 bytes a
	// slot, so a probe reads little memory); keys and vals are read only
	// when a hash matches. hashes[i] is the key's hash with the low bit set,
	// zero when the slot is empty.
	hashes []uint64
	keys   []string
	vals   []V
}

// NewDict builds a Dict holding every entry of m.
func NewDict[V any](m map[string]V) *Dict[V] {
	// at most a quarter full: most words a post holds are in no table,
	// and a miss ends at the first empty slot (1.4 probes on average at a
	// quarter full, 2.5 at half)
	bits := uint8(1)
	for 1<<bits < 4*len(m) {
		bits++
	}
	n := 1 << bits
	t := &Dict[V]{shift: 64 - bits, hashes: make([]uint64, n), keys: make([]string, n), vals: make([]V, n)}
	mask := uint64(n - 1)
	for k, v := range m {
		h := HashString(k) | 1
		i := t.slot(h)
		for t.hashes[i] != 0 {
			i = (i + 1) & mask
		}
		t.hashes[i], t.keys[i], t.vals[i] = h, k, v
	}
	return t
}

// slot is the home slot of hash h: its top bits after a multiplicative mix,
// as FNV's low bits alone spread short words poorly.
func (t *Dict[V]) slot(h uint64) uint64 { return (h * 0x9e3779b97f4a7c15) >> t.shift }

// Len is the number of words in the table.
func (t *Dict[V]) Len() int {
	n := 0
	for _, h := range t.hashes {
		if h != 0 {
			n++
		}
	}
	return n
}

// Lookup returns the value of key whose HashBytes is h.
func (t *Dict[V]) Lookup(h uint64, key []byte) (V, bool) {
	h |= 1
	hs := t.hashes
	mask := uint64(len(hs) - 1)
	for i := t.slot(h); ; i = (i + 1) & mask {
		x := hs[i]
		if x == h && t.keys[i] == string(key) {
			return t.vals[i], true
		}
		if x == 0 {
			var zero V
			return zero, false
		}
	}
}

// Get returns the value of key.
func (t *Dict[V]) Get(key []byte) (V, bool) { return t.Lookup(HashBytes(key), key) }

// Word returns the value of the i-th word of d, as normalised.
// It probes by the word's hash alone and reads the word's text only when a
// hash matches, so a word in no table costs a probe or two.
func (t *Dict[V]) Word(d *Doc, i int) (V, bool) {
	h := d.hashes[i] | 1
	hs := t.hashes
	mask := uint64(len(hs) - 1)
	for j := t.slot(h); ; j = (j + 1) & mask {
		x := hs[j&mask]
		if x == h {
			w := d.Words[i]
			if t.keys[j] == string(d.Norm[w.Start:w.End]) {
				return t.vals[j], true
			}
		} else if x == 0 {
			var zero V
			return zero, false
		}
	}
}

// Words appends to dst the value of every word of d, as normalised, in
// order, and none for each word t does not hold: Word for all the post's
// words in one loop.
func (t *Dict[V]) Words(d *Doc, dst []V, none V) []V {
	hs := t.hashes
	mask := uint64(len(hs) - 1)
	shift := t.shift
	for i, h := range d.hashes {
		h |= 1
		v := none
		for j := (h * 0x9e3779b97f4a7c15) >> shift; ; j = (j + 1) & mask {
			x := hs[j]
			if x == h {
				w := d.Words[i]
				if t.keys[j] == string(d.Norm[w.Start:w.End]) {
					v = t.vals[j]
					break
				}
			} else if x == 0 {
				break
			}
		}
		dst = append(dst, v)
	}
	return dst
}
