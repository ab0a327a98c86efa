package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/policy"
)

// maxLine is the longest input line classify accepts; longer lines are
// reported as errors and skipped, and the lines after them go on.
const maxLine = 1 << 20

// classifyIn is one input line of the judgement contract.
type classifyIn struct {
	ID      *string `json:"id"`
	Text    *string `json:"text"`
	Channel *string `json:"channel"`
}

// classifyOut is one output line of the judgement contract.
type classifyOut struct {
	ID       string                `json:"id"`
	Labels   []moderation.Category `json:"labels"`
	Findings []moderation.Finding  `json:"findings"`
	Actions  []moderation.Action   `json:"actions"`
}

// lineError reports a malformed input line.
type lineError struct {
	Line  int    `json:"line"`
	Error string `json:"error"`
}

func runClassify(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "classify", "--practice FILE < posts.jsonl", `
Judge posts read as JSON Lines on standard input, one post a line:
  {"id": string, "text": string, "channel": string (optional)}
and write one JSON line per input line, in the same order:
  {"id", "labels": [sorted categories], "findings": [{"category", "clause",
   "start", "end", "score", "reason"}], "actions": [...]}
start and end are byte offsets of the evidence in text. A malformed line gives
{"line": N, "error": "..."} and the lines after it go on. The exit status is 0
unless standard input cannot be read.`)
	path := fs.String("practice", "", "the practice profile (YAML)")
	of := addOpinionFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *path == "" {
		fs.Usage()
		return errUsage
	}
	p, eng, err := loadPractice(*path)
	if err != nil {
		return err
	}
	judge, err := newJudge(env, p, eng, of)
	if err != nil {
		return err
	}
	in := bufio.NewReaderSize(env.Stdin, 64*1024)
	out := bufio.NewWriterSize(env.Stdout, 64*1024)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for n := 1; ; n++ {
		if in.Buffered() == 0 {
			if err := out.Flush(); err != nil {
				return fmt.Errorf("writing results: %w", err)
			}
		}
		line, tooLong, err := readLine(in)
		if err != nil && !errors.Is(err, io.EOF) {
			out.Flush()
			return fmt.Errorf("reading standard input: %w", err)
		}
		if errors.Is(err, io.EOF) && len(line) == 0 && !tooLong {
			break
		}
		var res any
		switch {
		case tooLong:
			res = lineError{n, fmt.Sprintf("line is longer than %d bytes", maxLine)}
		default:
			post, msg := parsePost(line)
			if msg != "" {
				res = lineError{n, msg}
				break
			}
			findings := judge(ctx, *post.Text, moderation.Channel(deref(post.Channel)))
			roundScores(findings)
			d := policy.Decide(p, findings)
			res = classifyOut{ID: *post.ID, Labels: d.Labels, Findings: nonNil(findings), Actions: d.Actions}
		}
		if err := enc.Encode(res); err != nil {
			return fmt.Errorf("writing results: %w", err)
		}
		if errors.Is(err, io.EOF) || ctx.Err() != nil {
			break
		}
	}
	if err := out.Flush(); err != nil {
		return fmt.Errorf("writing results: %w", err)
	}
	return nil
}

// readLine reads one line without its newline. tooLong reports a line over
// maxLine, which is consumed and dropped.
func readLine(r *bufio.Reader) (line []byte, tooLong bool, err error) {
	var buf []byte
	for {
		chunk, err := r.ReadSlice('\n')
		if len(buf)+len(chunk) > maxLine+1 {
			tooLong = true
		} else {
			buf = append(buf, chunk...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if tooLong {
			buf = nil
		}
		return bytes.TrimRight(buf, "\r\n"), tooLong, err
	}
}

// parsePost decodes and checks one input line, returning a message for people when it is malformed.
func parsePost(line []byte) (classifyIn, string) {
	var post classifyIn
	if len(bytes.TrimSpace(line)) == 0 {
		return post, "empty line: want a JSON object with id and text"
	}
	if err := json.Unmarshal(line, &post); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			if te.Field == "" {
				return post, fmt.Sprintf("want a JSON object with id and text, not %s", te.Value)
			}
			return post, fmt.Sprintf("%s must be a string, not %s", te.Field, te.Value)
		}
		return post, "not valid JSON: " + err.Error()
	}
	switch {
	case post.ID == nil:
		return post, `missing "id"`
	case post.Text == nil:
		return post, `missing "text"`
	case post.Channel != nil && *post.Channel != "" && !moderation.Channel(*post.Channel).Valid():
		return post, fmt.Sprintf("unknown channel %q (want one of %v)", *post.Channel, moderation.Channels())
	}
	return post, ""
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// roundScores keeps output stable and readable: three decimal places.
func roundScores(fs []moderation.Finding) {
	for i := range fs {
		fs[i].Score = math.Round(fs[i].Score*1000) / 1000
	}
}
