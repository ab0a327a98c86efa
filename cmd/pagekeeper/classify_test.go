package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const demo = "../../examples/demo.yaml"

// decodeLines parses classify's output into generic objects.
func decodeLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var res []map[string]any
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 4<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("output line %q is not JSON: %v", sc.Text(), err)
		}
		res = append(res, m)
	}
	return res
}

func TestClassifyMalformedLines(t *testing.T) {
	in := strings.Join([]string{
		`{"id":"a","text":"Thanks for the reminder"}`,
		`{"id":"b","text":`,
		``,
		`{"text":"no id"}`,
		`{"id":"c"}`,
		`{"id":7,"text":"number id"}`,
		`{"id":"d","text":"ok","channel":"tiktok"}`,
		`[1,2]`,
		`{"id":"e","text":"last one","channel":"x","labels":["extra fields are fine"]}`,
	}, "\n")
	code, out, errOut := run(t, in, "classify", "--practice", demo)
	if code != 0 {
		t.Fatalf("classify exit %d: %s", code, errOut)
	}
	got := decodeLines(t, out)
	type want struct {
		id   string
		line int
		msg  string
	}
	wants := []want{
		{id: "a"}, {line: 2, msg: "not valid JSON"}, {line: 3, msg: "empty line"}, {line: 4, msg: `missing "id"`},
		{line: 5, msg: `missing "text"`}, {line: 6, msg: "id must be a string"}, {line: 7, msg: "unknown channel"},
		{line: 8, msg: "want a JSON object"}, {id: "e"},
	}
	if len(got) != len(wants) {
		t.Fatalf("got %d output lines, want %d:\n%s", len(got), len(wants), out)
	}
	for i, w := range wants {
		g := got[i]
		if w.id != "" {
			if g["id"] != w.id {
				t.Errorf("line %d: id = %v, want %s", i+1, g["id"], w.id)
			}
			for _, k := range []string{"labels", "findings", "actions"} {
				if _, ok := g[k].([]any); !ok {
					t.Errorf("line %d: %s = %v, want a list", i+1, k, g[k])
				}
			}
			continue
		}
		if g["line"] != float64(w.line) || !strings.Contains(fmt.Sprint(g["error"]), w.msg) {
			t.Errorf("line %d: got %v, want line %d error containing %q", i+1, g, w.line, w.msg)
		}
	}
}

// The contract holds on a large input: one output line per input line, in order.
func TestClassifyTenThousandLinesInOrder(t *testing.T) {
	var b strings.Builder
	var wantIDs []string
	for i := range 10000 {
		switch {
		case i%97 == 0:
			b.WriteString("{broken\n")
			wantIDs = append(wantIDs, fmt.Sprintf("line:%d", i+1))
		case i%101 == 0:
			b.WriteString("{\"id\":\"x\",\"text\":\"\xff\xfe invalid utf-8\"}\n")
			wantIDs = append(wantIDs, "x")
		default:
			id := fmt.Sprintf("p%05d", i)
			fmt.Fprintf(&b, "{\"id\":%q,\"text\":\"Post number %d: is the flu clinic open on Saturday? 😊\"}\n", id, i)
			wantIDs = append(wantIDs, id)
		}
	}
	code, out, errOut := run(t, b.String(), "classify", "--practice", demo)
	if code != 0 {
		t.Fatalf("classify exit %d: %s", code, errOut)
	}
	var gotIDs []string
	for _, m := range decodeLines(t, out) {
		if id, ok := m["id"].(string); ok {
			gotIDs = append(gotIDs, id)
		} else {
			gotIDs = append(gotIDs, fmt.Sprintf("line:%v", m["line"]))
		}
	}
	if diff := cmp.Diff(wantIDs, gotIDs); diff != "" {
		t.Errorf("output order mismatch (-want +got):\n%s", diff)
	}
}

func TestClassifyTooLongLineGoesOn(t *testing.T) {
	long := `{"id":"big","text":"` + strings.Repeat("a", maxLine+10) + `"}`
	in := long + "\n" + `{"id":"after","text":"hello"}` + "\n"
	code, out, _ := run(t, in, "classify", "--practice", demo)
	got := decodeLines(t, out)
	if code != 0 || len(got) != 2 {
		t.Fatalf("exit %d, %d lines", code, len(got))
	}
	if got[0]["line"] != float64(1) || got[1]["id"] != "after" {
		t.Errorf("got %v", got)
	}
}

func TestClassifyNoTrailingNewline(t *testing.T) {
	code, out, _ := run(t, `{"id":"only","text":"hi"}`, "classify", "--practice", demo)
	if got := decodeLines(t, out); code != 0 || len(got) != 1 || got[0]["id"] != "only" {
		t.Errorf("exit %d, output %q", code, out)
	}
}

func TestClassifyNeedsPractice(t *testing.T) {
	if code, _, _ := run(t, "", "classify"); code != 2 {
		t.Errorf("classify without --practice = %d, want 2", code)
	}
	code, _, errOut := run(t, "", "classify", "--practice", "nope.yaml")
	if code != 1 || !strings.Contains(errOut, "nope.yaml") {
		t.Errorf("missing profile = %d, %q", code, errOut)
	}
}
