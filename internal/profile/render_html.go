package profile

import (
	"html/template"
	"io"
)

// htmlPage is the guidance as a complete page: readable on a phone, printable
// on one or two sheets, with real headings and an ordered list so screen
// readers can navigate it. html/template escapes every value.
var htmlPage = template.Must(template.New("guidance").Parse(`<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}: {{.Practice}}</title>
<style>
body { font-family: Arial, Helvetica, sans-serif; font-size: 1.125rem; line-height: 1.5; color: #212b32; background: #fff; margin: 0; }
main { max-width: 42rem; margin: 0 auto; padding: 1.5rem 1rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 0.25rem; }
.practice { font-size: 1.25rem; margin: 0 0 1.5rem; color: #4c6272; }
h2 { font-size: 1.5rem; margin: 2rem 0 0.75rem; }
ol { padding-left: 1.75rem; }
li { margin-bottom: 0.75rem; }
a { color: #005eb8; overflow-wrap: anywhere; }
a:focus { outline: 3px solid #ffeb3b; background: #ffeb3b; color: #212b32; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  a { color: inherit; }
  h2, li { break-inside: avoid; }
}
</style>
</head>
<body>
<main>
<h1>{{.Title}}</h1>
<p class="practice">{{.Practice}}</p>
{{range .Intro}}<p>{{template "para" .}}</p>
{{end}}<ol>
{{range .Clauses}}<li>{{template "para" .}}</li>
{{end}}</ol>
<h2>{{.ComplaintsHeading}}</h2>
{{range .Complaints}}<p>{{template "para" .}}</p>
{{end}}</main>
</body>
</html>
{{define "para"}}{{range .}}{{if .URL}}<a href="{{.URL}}">{{.URL}}</a>{{else}}{{.Text}}{{end}}{{end}}{{end}}`))

// HTML writes the guidance as a complete, accessible, printable HTML page.
func (d Doc) HTML(w io.Writer) error {
	return htmlPage.Execute(w, d)
}
