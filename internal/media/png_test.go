package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strings"
	"testing"
)

func TestReadEXIFFromPNG(t *testing.T) {
	be := binary.BigEndian
	p := plainPNG(t, 8, 8)
	full := fullTIFF(be, london, londonLon).b
	text := func(key, value string) []byte { return chunk("tEXt", []byte(key+"\x00"+value)) }
	tests := []struct {
		name    string
		in      []byte
		limit   int64
		wantGPS bool
		wantErr error
		msg     string
	}{
		{name: "eXIf chunk", in: withChunks(p, chunk("eXIf", full)), wantGPS: true},
		{name: "eXIf chunk with a JPEG prefix", in: withChunks(p, chunk("eXIf", append([]byte("Exif\x00\x00"), full...))), wantGPS: true},
		{name: "eXIf after other text", in: withChunks(p, text("Comment", "hello"), chunk("eXIf", full)), wantGPS: true},
		{name: "eXIf after the image data", in: append(bytes.Clone(p[:len(p)-12]), append(chunk("eXIf", full), p[len(p)-12:]...)...), wantGPS: true},
		{name: "ImageMagick raw profile", in: withChunks(p, chunk("tEXt", rawProfileText(append([]byte("Exif\x00\x00"), full...)))), wantGPS: true},
		{name: "no metadata", in: p, wantErr: ErrNoEXIF, msg: "no eXIf chunk"},
		{name: "eXIf over 64 KiB", in: withChunks(p, chunk("eXIf", make([]byte, maxSegment+1))), wantErr: ErrTooLarge, msg: "exceeds"},
		{name: "eXIf truncated", in: withChunks(p, chunk("eXIf", full))[:33+8+20], wantErr: ErrMalformed, msg: "truncated PNG eXIf chunk"},
		{name: "chunk length over 2³¹", in: withChunks(p, []byte{0x80, 0, 0, 0, 'a', 'b', 'c', 'd'}), wantErr: ErrMalformed, msg: "chunk length"},
		{name: "chunk runs past the end", in: withChunks(p, []byte{0x00, 0x10, 0, 0, 'a', 'b', 'c', 'd'})[:60], wantErr: ErrMalformed, msg: "truncated"},
		{name: "raw profile without data", in: withChunks(p, text("Raw profile type exif", "\nexif\n")), wantErr: ErrMalformed, msg: "no data"},
		{name: "raw profile with a huge length", in: withChunks(p, text("Raw profile type exif", "\nexif\n 99999999999\n00")), wantErr: ErrMalformed, msg: "length"},
		{name: "raw profile short of digits", in: withChunks(p, text("Raw profile type exif", "\nexif\n 10\n0011")), wantErr: ErrMalformed, msg: "hex digits"},
		{name: "raw profile not hex", in: withChunks(p, text("Raw profile type exif", "\nexif\n 2\nzz11")), wantErr: ErrMalformed, msg: "invalid hex digit"},
		{name: "limit inside the image data", in: append(bytes.Clone(p[:len(p)-12]), append(chunk("eXIf", full), p[len(p)-12:]...)...), limit: 40, wantErr: ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			limit := tt.limit
			if limit == 0 {
				limit = 1 << 20
			}
			m, err := ReadEXIF(bytes.NewReader(tt.in), limit)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.msg) {
					t.Fatalf("ReadEXIF error = %v, want %v mentioning %q", err, tt.wantErr, tt.msg)
				}
				return
			}
			if err != nil {
				t.Fatalf("ReadEXIF: %v", err)
			}
			if m.HasGPS != tt.wantGPS || (m.HasGPS && !Near(m, london, londonLon, 1)) {
				t.Errorf("ReadEXIF = %+v, want GPS %v at London", m.fields(), tt.wantGPS)
			}
		})
	}
}
