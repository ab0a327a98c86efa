// Package secondopinion asks a large language model, through any
// OpenAI-compatible chat completions API, for a second opinion on posts the
// detectors were unsure about, judged against the practice's own written
// policy ("bring your own policy"). It is off by default.
//
// Safety rules, which the tests hold: the second opinion may add a category or
// confirm one, and may withdraw an uncertain complaint, review or clinical
// request, but it never withdraws or lowers a safeguarding finding; any error,
// time-out or unreadable answer leaves the detectors' findings as they were.
package secondopinion

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/pagekeeper/pagekeeper/internal/moderation"
)

// Config configures the second opinion. The zero Config is disabled.
type Config struct {
	// Endpoint is the API base URL ("https://api.example.com/v1"); empty disables
	// the second opinion. Requests go to Endpoint + "/chat/completions".
	Endpoint string
	APIKey   string // sent as a bearer token; may be empty for local servers
	Model    string // the model name the API expects
	// Policy is the practice's own guidance text the model judges against.
	Policy string
	// Low and High bound the uncertain band of finding scores: only posts with a
	// finding scored in [Low, High] are sent. Zero values mean 0.3 and 0.7.
	Low, High float64
	// Timeout bounds one request; zero means 10 seconds.
	Timeout time.Duration
	// Categories the model may judge; empty means complaint, review,
	// clinical_request and safeguarding.
	Categories []moderation.Category
}

// Enabled reports whether a second opinion will be asked for.
func (c Config) Enabled() bool { return c.Endpoint != "" }

// Client asks for second opinions. It is safe for concurrent use.
type Client struct {
	cfg  Config
	http *http.Client
}

// ErrAnswer is returned when the model's answer cannot be read.
var ErrAnswer = errors.New("unreadable second opinion")

// New returns a client; hc may be nil for http.DefaultClient.
func New(cfg Config, hc *http.Client) *Client {
	if cfg.Low == 0 && cfg.High == 0 {
		cfg.Low, cfg.High = 0.3, 0.7
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 10 * time.Second
	}
	if len(cfg.Categories) == 0 {
		cfg.Categories = []moderation.Category{moderation.Complaint, moderation.Review,
			moderation.ClinicalRequest, moderation.Safeguarding}
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	return &Client{cfg: cfg, http: hc}
}

// Uncertain reports whether the findings include one in the uncertain band
// for a category the second opinion judges.
func (c *Client) Uncertain(findings []moderation.Finding) bool {
	for _, f := range findings {
		if slices.Contains(c.cfg.Categories, f.Category) && f.Score >= c.cfg.Low && f.Score <= c.cfg.High {
			return true
		}
	}
	return false
}

// Review returns the findings for text after a second opinion, when one is
// enabled and the findings are uncertain; otherwise it returns them unchanged.
// On any error the findings are returned unchanged together with the error,
// so a caller may log it and carry on.
func (c *Client) Review(ctx context.Context, text string, findings []moderation.Finding) ([]moderation.Finding, error) {
	if !c.cfg.Enabled() || !c.Uncertain(findings) {
		return findings, nil
	}
	v, err := c.ask(ctx, text)
	if err != nil {
		return findings, err
	}
	return c.merge(text, findings, v), nil
}

// verdict is the JSON answer the model is asked for.
type verdict struct {
	Categories []string          `json:"categories"`
	Reasons    map[string]string `json:"reasons"`
}

const instructions = `You help a GP practice in England moderate comments on its social media pages.
Judge the post below against the practice's policy. Answer with JSON only, in the form
{"categories": [...], "reasons": {"category": "one short sentence a receptionist understands"}}
using only these categories: %s.
complaint: the poster complains about the practice's service or care.
review: the poster rates or praises the practice or its staff.
clinical_request: the poster asks for care (appointments, prescriptions, results, advice about their own symptoms).
safeguarding: risk to someone's safety or life (suicidal thoughts, self-harm, abuse, neglect, an emergency happening now). When unsure about safeguarding, include it.

Practice policy:
%s`

type message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type request struct {
	Model          string            `json:"model"`
	Messages       []message         `json:"messages"`
	Temperature    float64           `json:"temperature"`
	ResponseFormat map[string]string `json:"response_format,omitempty"`
}

type response struct {
	Choices []struct {
		Message message `json:"message"`
	} `json:"choices"`
}

func (c *Client) ask(ctx context.Context, text string) (verdict, error) {
	names := make([]string, len(c.cfg.Categories))
	for i, cat := range c.cfg.Categories {
		names[i] = string(cat)
	}
	body, err := json.Marshal(request{
		Model: c.cfg.Model,
		Messages: []message{
			{Role: "system", Content: fmt.Sprintf(instructions, strings.Join(names, ", "), c.cfg.Policy)},
			{Role: "user", Content: text},
		},
		ResponseFormat: map[string]string{"type": "json_object"},
	})
	if err != nil {
		return verdict{}, fmt.Errorf("encoding second opinion request: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(c.cfg.Endpoint, "/")+"/chat/completions", bytes.NewReader(body))
	if err != nil {
		return verdict{}, fmt.Errorf("building second opinion request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	if c.cfg.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+c.cfg.APIKey)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return verdict{}, fmt.Errorf("asking for a second opinion: %w", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return verdict{}, fmt.Errorf("reading second opinion: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return verdict{}, fmt.Errorf("asking for a second opinion: status %d", resp.StatusCode)
	}
	var r response
	if err := json.Unmarshal(data, &r); err != nil || len(r.Choices) == 0 {
		return verdict{}, fmt.Errorf("%w: no choices", ErrAnswer)
	}
	content := strings.TrimSpace(r.Choices[0].Message.Content)
	content = strings.TrimPrefix(strings.TrimSuffix(content, "```"), "```json") // some models fence JSON
	var v verdict
	if err := json.Unmarshal([]byte(strings.TrimSpace(content)), &v); err != nil {
		return verdict{}, fmt.Errorf("%w: %v", ErrAnswer, err)
	}
	return v, nil
}

// merge applies the verdict: confirmed categories get a raised score, new
// ones are added over the whole post, and uncertain findings the model
// rejects are withdrawn, except safeguarding, which is never withdrawn.
func (c *Client) merge(text string, findings []moderation.Finding, v verdict) []moderation.Finding {
	said := map[moderation.Category]bool{}
	for _, name := range v.Categories {
		cat := moderation.Category(name)
		if slices.Contains(c.cfg.Categories, cat) {
			said[cat] = true
		}
	}
	out := make([]moderation.Finding, 0, len(findings)+len(said))
	have := map[moderation.Category]bool{}
	for _, f := range findings {
		judged := slices.Contains(c.cfg.Categories, f.Category)
		switch {
		case !judged:
		case said[f.Category]:
			f.Score = max(f.Score, c.cfg.High)
		case f.Category == moderation.Safeguarding:
			// never withdrawn: a person decides
		case f.Score <= c.cfg.High:
			continue // withdrawn by the second opinion
		}
		have[f.Category] = true
		out = append(out, f)
	}
	for _, cat := range c.cfg.Categories {
		if !said[cat] || have[cat] || len(text) == 0 {
			continue
		}
		reason := strings.TrimSpace(v.Reasons[string(cat)])
		if reason == "" {
			reason = cat.Describe()
		}
		out = append(out, moderation.Finding{Category: cat, Clause: cat.Clause(), Start: 0, End: len(text),
			Score: 0.5, Reason: "second opinion: " + reason})
	}
	return out
}
