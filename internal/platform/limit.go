package platform

import (
	"errors"
	"fmt"
	"io"
)

// ErrTooLarge means a webhook body or an API response was longer than the
// limit its reader allows. Adapters reject such input instead of buffering it.
var ErrTooLarge = errors.New("body exceeds the size limit")

// ReadLimited reads all of r, but at most limit bytes: a longer stream is an
// error wrapping ErrTooLarge, so a hostile or broken peer cannot make us
// buffer without bound.
func ReadLimited(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("reading body: %w", err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("reading body of more than %d bytes: %w", limit, ErrTooLarge)
	}
	return b, nil
}
