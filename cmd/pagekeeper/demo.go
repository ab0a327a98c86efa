package main

import (
	"bytes"
	"context"
	"crypto/rand"
	_ "embed"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"

	"github.com/pagekeeper/pagekeeper/examples"
	"github.com/pagekeeper/pagekeeper/internal/detect"
	"github.com/pagekeeper/pagekeeper/internal/evaldata"
	"github.com/pagekeeper/pagekeeper/internal/jobs"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
	"github.com/pagekeeper/pagekeeper/internal/platform/facebook"
	"github.com/pagekeeper/pagekeeper/internal/platform/instagram"
	"github.com/pagekeeper/pagekeeper/internal/platform/meta"
	"github.com/pagekeeper/pagekeeper/internal/platform/platformtest"
	"github.com/pagekeeper/pagekeeper/internal/platform/wordpress"
	"github.com/pagekeeper/pagekeeper/internal/platform/x"
	"github.com/pagekeeper/pagekeeper/internal/profile"
	"github.com/pagekeeper/pagekeeper/internal/store"
	"github.com/pagekeeper/pagekeeper/internal/web"
)

// demoPosts is a realistic stream of comments on the demo practice's pages,
// written for the demo, covering every category.
//
//go:embed demo_posts.jsonl
var demoPosts []byte

// The demo practice's accounts on the fake platforms.
const (
	demoPracticeID = "ashgrove"
	demoPageID     = "104729381122334"
	demoPagePost   = demoPageID + "_998877665544332"
	demoIGID       = "17841400000000001"
	demoIGMedia    = "18012345678901234"
	demoXUser      = "1400000000000000001"
	demoXTweet     = "1861234567890000000" // the practice's tweet mentions reply to
	demoWPUser     = "pagekeeper"
)

// loadDemoPractice loads the profile at path, or the embedded demo practice when path is empty.
func loadDemoPractice(path string) (*profile.Profile, *detect.Engine, []byte, error) {
	if path != "" {
		p, eng, err := loadPractice(path)
		if err != nil {
			return nil, nil, nil, err
		}
		raw, err := os.ReadFile(path)
		return p, eng, raw, err
	}
	b, err := examples.FS.ReadFile("demo.yaml")
	if err != nil {
		return nil, nil, nil, fmt.Errorf("reading the embedded demo practice: %w", err)
	}
	p, err := profile.Parse("examples/demo.yaml", b)
	if err != nil {
		return nil, nil, nil, err
	}
	eng, err := newEngine(p)
	return p, eng, b, err
}

// demoOptions are the demo's flags.
type demoOptions struct {
	Addr      string
	Practice  string
	NoBrowser bool
	For       time.Duration // stop after this long; 0 runs until Ctrl-C
	Pace      time.Duration // between posts
}

const demoSynopsis = "[--addr HOST:PORT] [--no-browser] [--practice FILE]"

const demoAbout = `
Show Pagekeeper working with nothing to set up. It starts fake Facebook,
Instagram, X and WordPress servers in this process, a database in a
temporary folder, and the service itself for the demo practice (Ashgrove
Surgery, fictional). A stream of comments arrives as signed webhooks (and X
mentions by polling); each is judged against the practice's guidance and
acted on at the fakes. Sign in at the address printed as manager@demo or
reception@demo, password demo (demo accounts only), to see the review
queue, why each post was hidden, and put things right. Stop with Ctrl-C.`

func runDemo(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "demo", demoSynopsis, demoAbout)
	var o demoOptions
	fs.StringVar(&o.Addr, "addr", "127.0.0.1:8080", "the address to serve on")
	fs.BoolVar(&o.NoBrowser, "no-browser", false, "do not open a web browser")
	fs.StringVar(&o.Practice, "practice", "", "the practice profile (YAML; default: the embedded demo practice)")
	fs.DurationVar(&o.For, "for", 0, "stop after this long (for tests)")
	fs.DurationVar(&o.Pace, "pace", 2*time.Second, "time between posts (for tests)")
	hideFlags(fs, env.Stderr, "for", "pace")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if o.For > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.For)
		defer cancel()
	}
	d, err := startDemo(ctx, env, o)
	if err != nil {
		return err
	}
	defer d.Close()
	if !o.NoBrowser {
		openBrowser(d.URL)
	}
	return d.Wait()
}

// hideFlags keeps test-only flags out of the usage message.
func hideFlags(fs *flag.FlagSet, w io.Writer, names ...string) {
	shown := flag.NewFlagSet(fs.Name(), flag.ContinueOnError)
	shown.SetOutput(w)
	fs.VisitAll(func(f *flag.Flag) {
		if !slices.Contains(names, f.Name) {
			shown.Var(f.Value, f.Name, f.Usage)
		}
	})
	fs.Usage = func() {
		fmt.Fprintf(w, "Usage: pagekeeper %s %s\n\n%s\n\nFlags:\n", fs.Name(), demoSynopsis, strings.TrimSpace(demoAbout))
		shown.PrintDefaults()
	}
}

// openBrowser opens url with xdg-open when there is one; the URL is printed either way.
func openBrowser(url string) {
	if p, err := exec.LookPath("xdg-open"); err == nil {
		cmd := exec.Command(p, url)
		if cmd.Start() == nil {
			go cmd.Wait()
		}
	}
}

// demoRun is a running demo: fakes, the service and the comment generator.
type demoRun struct {
	URL   string
	graph *platformtest.FakeGraph
	x     *platformtest.FakeX
	wp    *platformtest.FakeWordPress
	app   *app
	dir   string
	done  chan error
}

// startDemo starts the fakes and the service and begins sending comments.
func startDemo(ctx context.Context, env *Env, o demoOptions) (_ *demoRun, err error) {
	prof, eng, raw, err := loadDemoPractice(o.Practice)
	if err != nil {
		return nil, err
	}
	posts, err := evaldata.Read("demo posts", bytes.NewReader(demoPosts))
	if err != nil {
		return nil, err
	}
	d := &demoRun{done: make(chan error, 1)}
	defer func() {
		if err != nil {
			d.Close()
		}
	}()
	if d.dir, err = os.MkdirTemp("", "pagekeeper-demo-"); err != nil {
		return nil, fmt.Errorf("making the demo's folder: %w", err)
	}
	d.graph = platformtest.NewFakeGraph(nil)
	d.x = platformtest.NewFakeX(demoXUser, nil)
	wpPassword := rand.Text()
	d.wp = platformtest.NewFakeWordPress(demoWPUser, wpPassword, nil)
	appSecret, verifyToken, siteSecret := rand.Text(), rand.Text(), rand.Text()

	graph := &meta.Client{BaseURL: d.graph.URL, Token: "demo-page-token"}
	ig := &instagram.Client{Graph: graph, AccountID: demoIGID}
	xc := &x.Client{BaseURL: d.x.URL, Token: "demo-x-token", UserID: demoXUser}
	wpc := &wordpress.Client{BaseURL: d.wp.URL, User: demoWPUser, AppPassword: wpPassword, SiteID: demoPracticeID}
	pace := max(o.Pace, 10*time.Millisecond)
	practice := appPractice{
		ID: demoPracticeID, Name: prof.Name, Profile: prof, ProfileYAML: raw, Judge: eng.Judge,
		Platforms: map[moderation.Channel]jobs.Platform{
			moderation.Facebook:  &facebook.Client{Graph: graph, PageID: demoPageID},
			moderation.Instagram: ig,
			moderation.X:         xc,
			moderation.Website:   wpc,
		},
		Web: web.Practice{FacebookPageID: demoPageID, InstagramID: demoIGID, XUserID: demoXUser,
			WebsiteSecret: []byte(siteSecret), Instagram: ig},
		Pollers: []*web.Poller{{Name: "x.since_id", Fetch: web.XMentions(xc), Interval: min(pace, 2*time.Second)}},
	}
	log := slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return nil, fmt.Errorf("listening on %s (try --addr 127.0.0.1:0): %w", o.Addr, err)
	}
	d.app, err = newApp(ctx, appConfig{
		DBPath: d.dir + "/pagekeeper.db", Practices: []appPractice{practice},
		MetaAppSecret: []byte(appSecret), MetaVerifyToken: verifyToken,
		DecisionsPage: true, Refresh: 3 * time.Second, Logger: log,
		QueuePoll: 200 * time.Millisecond, Notifier: demoNotifier{w: env.Stdout},
		StaffPages: true, SignInHint: demoSignInHint,
	})
	if err != nil {
		ln.Close()
		return nil, err
	}
	if err := createDemoStaff(ctx, d.app.db); err != nil {
		ln.Close()
		return nil, err
	}
	d.URL = "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(env.Stdout, "Pagekeeper demo: %s, %d comments arriving on its pages.\n"+
		"Sign in at %slogin as %s (practice manager) or %s (reception), password %q.\n"+
		"These accounts exist only in this demo. Press Ctrl-C to stop.\n",
		prof.Name, len(posts), d.URL, demoManager, demoReception, demoPassword)
	go func() { d.done <- d.app.Run(ctx, ln) }()
	gen := &generator{d: d, base: strings.TrimSuffix(d.URL, "/"), appSecret: appSecret, siteSecret: siteSecret, out: env.Stdout, log: log}
	go gen.run(ctx, posts, pace)
	return d, nil
}

// Wait waits for the service to stop (Ctrl-C or --for).
func (d *demoRun) Wait() error { return <-d.done }

// Close stops the fakes and removes the demo's folder. Call it after Wait.
func (d *demoRun) Close() {
	if d.app != nil {
		d.app.Close()
	}
	if d.graph != nil {
		d.graph.Close()
	}
	if d.x != nil {
		d.x.Close()
	}
	if d.wp != nil {
		d.wp.Close()
	}
	if d.dir != "" {
		os.RemoveAll(d.dir)
	}
}

// generator sends the demo posts as the platforms would.
type generator struct {
	d                     *demoRun
	base                  string
	appSecret, siteSecret string
	out                   io.Writer
	log                   *slog.Logger
}

var demoAuthors = []struct{ id, name, handle string }{
	{"7712345098765432", "Sam Patient", "sam.patient"},
	{"6654433221100998", "Alex Jones", "alexj_22"},
	{"5566778899001122", "Pat Smith", "patsmith"},
	{"4455667788990011", "R. Taylor", "rtaylor_uk"},
}

func (g *generator) run(ctx context.Context, posts []evaldata.Item, pace time.Duration) {
	t := time.NewTicker(pace)
	defer t.Stop()
	for i, p := range posts {
		if err := g.send(ctx, i, p); err != nil && ctx.Err() == nil {
			g.log.Warn("demo: sending a comment failed", "err", err)
		}
		fmt.Fprintf(g.out, "  %-9s %s\n", p.Channel, clip(p.Text, 66))
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
	fmt.Fprintln(g.out, "All comments sent. The page keeps updating as actions finish; Ctrl-C to stop.")
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// send delivers post i on its channel.
func (g *generator) send(ctx context.Context, i int, p evaldata.Item) error {
	a := demoAuthors[i%len(demoAuthors)]
	now := time.Now().UTC().Truncate(time.Second)
	check := func(codes []int, err error) error {
		if err != nil {
			return err
		}
		for _, c := range codes {
			if c != 200 {
				return fmt.Errorf("webhook answered %d", c)
			}
		}
		return nil
	}
	switch moderation.Channel(p.Channel) {
	case moderation.Facebook:
		id := fmt.Sprintf("998877665544332_%d", 1122334455660000+i)
		g.d.graph.Put(platformtest.GraphObject{ID: id, Text: p.Text, FromID: a.id, FromName: a.name, Created: now,
			PostID: demoPagePost, ParentID: demoPagePost, Permalink: "https://www.facebook.com/" + demoPageID + "/posts/pfbid0abc?comment_id=" + id})
		body := platformtest.FeedWebhook(platformtest.FeedEntry{PageID: demoPageID, Time: now.Unix(), Changes: []platformtest.FeedChange{{
			Item: "comment", Verb: "add", PostID: demoPagePost, CommentID: id, ParentID: demoPagePost,
			FromID: a.id, FromName: a.name, Message: p.Text, CreatedTime: now.Unix()}}})
		return check(g.d.graph.SendWebhook(ctx, g.base+"/webhooks/meta", body, platformtest.SendOptions{Secret: g.appSecret}))
	case moderation.Instagram:
		id := fmt.Sprintf("1799887766554%04d", i)
		g.d.graph.Put(platformtest.GraphObject{ID: id, Instagram: true, Text: p.Text, FromID: a.id, FromName: a.handle, Created: now, PostID: demoIGMedia})
		body := platformtest.InstagramWebhook(platformtest.InstagramEntry{AccountID: demoIGID, Time: now.Unix(),
			Comments: []platformtest.InstagramComment{{ID: id, Text: p.Text, FromID: a.id, Username: a.handle, MediaID: demoIGMedia}}})
		return check(g.d.graph.SendWebhook(ctx, g.base+"/webhooks/meta", body, platformtest.SendOptions{Secret: g.appSecret}))
	case moderation.X:
		g.d.x.Put(platformtest.XTweet{ID: fmt.Sprintf("18612345678901%05d", i), AuthorID: a.id, Username: a.handle, Name: a.name,
			Text: p.Text, Created: now, InReplyTo: demoXTweet, Mentions: true})
		return nil // the X poller finds it
	case moderation.Website:
		id := int64(4800 + i)
		g.d.wp.Put(platformtest.WPComment{ID: id, Post: 312, AuthorName: a.name, Content: p.Text, Date: now, Status: "approved"})
		body, err := json.Marshal(map[string]any{"id": fmt.Sprint(id), "post_id": "312", "author": map[string]string{"name": a.name},
			"text": p.Text, "created_at": now.Format(time.RFC3339), "event": "added",
			"link": fmt.Sprintf("https://ashgrove-surgery.example/news/flu-clinics/#comment-%d", id)})
		if err != nil {
			return err
		}
		return check(g.d.wp.SendWebsiteWebhook(ctx, g.base+"/webhooks/website/"+demoPracticeID, body, now, platformtest.SendOptions{Secret: g.siteSecret}))
	}
	return fmt.Errorf("demo post %s: unknown channel %q", p.ID, p.Channel)
}

// The demo's staff accounts. They exist only in the demo's temporary
// database; a real service adds accounts with 'pagekeeper users add'.
const (
	demoManager   = "manager@demo"
	demoReception = "reception@demo"
	demoIGLead    = "ig@demo"
	demoPassword  = "demo"
)

const demoSignInHint = "This is a demo. Sign in as manager@demo (practice manager) or reception@demo (reception) with the password demo."

// demoPolicyTests are example posts with what the demo practice expects,
// so a manager changing its settings sees the policy tests run (removing
// Dean from the staff directory, say, fails the first).
var demoPolicyTests = []store.PolicyTest{
	{Name: "Abuse of a named receptionist is hidden", Channel: moderation.Facebook, Text: "Dean on reception is an idiot",
		WantLabels: []moderation.Category{moderation.Harassment, moderation.StaffIdentified}, WantActions: []moderation.ActionKind{moderation.ActionHide}},
	{Name: "A repeat prescription request gets the practice's reply", Channel: moderation.Facebook, Text: "Can I get my repeat prescription please?",
		WantLabels: []moderation.Category{moderation.ClinicalRequest}, WantActions: []moderation.ActionKind{moderation.ActionReply}},
	{Name: "A thank-you is left alone", Channel: moderation.Instagram, Text: "Thanks for the reminder about the bank holiday opening times"},
}

// createDemoStaff adds the demo's staff accounts and policy tests to the
// demo practice.
func createDemoStaff(ctx context.Context, db interface {
	store.Users
	store.StaffRecords
}) error {
	for _, pt := range demoPolicyTests {
		pt.PracticeID, pt.CreatedAt = demoPracticeID, time.Now()
		if err := db.AddPolicyTest(ctx, &pt); err != nil {
			return fmt.Errorf("adding the demo's policy tests: %w", err)
		}
	}
	hash, err := web.HashPassword(demoPassword, web.DefaultPasswordParams)
	if err != nil {
		return err
	}
	for _, u := range []store.User{
		{Email: demoManager, Name: "Demo practice manager", Role: store.RolePracticeManager},
		{Email: demoReception, Name: "Demo receptionist", Role: store.RoleReception},
		{Email: demoIGLead, Name: "Demo IG lead", Role: store.RoleIGLead},
	} {
		u.PasswordHash, u.Practices, u.CreatedAt = hash, []string{demoPracticeID}, time.Now()
		if err := db.CreateUser(ctx, &u); err != nil {
			return fmt.Errorf("creating the demo account %s: %w", u.Email, err)
		}
	}
	return nil
}

// demoNotifier shows the notifications staff would get, one line each.
type demoNotifier struct{ w io.Writer }

func (n demoNotifier) Notify(_ context.Context, m jobs.Message) error {
	urgent := ""
	if m.Urgent {
		urgent = " (urgent)"
	}
	fmt.Fprintf(n.w, "            email to the %s%s: %s\n", strings.ReplaceAll(m.Role, "_", " "), urgent, m.Subject)
	return nil
}
