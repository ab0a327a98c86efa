package textnorm

// leet maps the digits and symbols people substitute for letters.
var leet = [256]byte{
	'0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g',
	'@': 'a', '$': 's', '!': 'i', '|': 'l', '+': 't',
}

// Deleet appends src to dst with leet digits and symbols replaced by the
// letters they stand for (sh1t → shit, w@nker → wanker). Asterisks are kept:
// they stand for unknown letters and matchers treat them as wildcards.
func Deleet(dst, src []byte) []byte {
	for _, c := range src {
		if l := leet[c]; l != 0 {
			c = l
		}
		dst = append(dst, c)
	}
	return dst
}

// Squeeze appends src to dst with every run of the same letter longer than
// keep cut down to keep letters (fuuuuck → fuck with keep 1; shiiite → shiite with keep 2).
func Squeeze(dst, src []byte, keep int) []byte {
	run := 0
	for i, c := range src {
		if i > 0 && src[i-1] == c {
			run++
		} else {
			run = 1
		}
		if run <= keep {
			dst = append(dst, c)
		}
	}
	return dst
}

// SpacedRuns calls fn for every run of three or more single-character words
// separated by single spaces, dots, dashes or underscores ("F U C K",
// "s.h.i.t"), with the words' indices (inclusive) and the letters joined.
// joined is only valid during the call.
func (d *Doc) SpacedRuns(buf []byte, fn func(i, j int, joined []byte)) {
	for i := 0; i < len(d.Words); {
		if d.Words[i].Len() != 1 {
			i++
			continue
		}
		j := i
		for j+1 < len(d.Words) && d.Words[j+1].Len() == 1 {
			gap := d.Norm[d.Words[j].End:d.Words[j+1].Start]
			if len(gap) > 2 || !isSpacer(gap) {
				break
			}
			j++
		}
		if j-i >= 2 {
			buf = buf[:0]
			for k := i; k <= j; k++ {
				buf = append(buf, d.Norm[d.Words[k].Start])
			}
			fn(i, j, buf)
		}
		i = j + 1
	}
}

func isSpacer(gap []byte) bool {
	for _, c := range gap {
		if c != ' ' && c != '.' && c != '-' && c != '_' && c != '*' {
			return false
		}
	}
	return len(gap) > 0
}
