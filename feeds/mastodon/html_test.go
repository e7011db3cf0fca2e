package mastodon

import (
	"strings"
	"testing"
)

func TestPlainTextKeepsStatusesReadable(t *testing.T) {
	cases := map[string]struct{ in, want string }{
		"paragraphs and breaks": {
			`<p>Road closed.</p><p>Use the A66<br>instead &amp; drive safely</p>`,
			"Road closed.\n\nUse the A66\ninstead & drive safely"},
		"mention": {
			`<p><span class="h-card"><a href="https://town.example/@team3" class="u-url mention">@<span>team3</span></a></span> is the A595 closed?</p>`,
			"@team3 is the A595 closed?"},
		"hashtag": {
			`<p>Bike marking <a href="https://town.example/tags/carlisle" class="mention hashtag" rel="tag">#<span>carlisle</span></a></p>`,
			"Bike marking #carlisle"},
		"mastodon shortened link": {
			`<p>See <a href="https://www.cumbria.police.uk/news/road-closures/a595"><span class="invisible">https://www.</span><span class="ellipsis">cumbria.police.uk/news/road-clo</span><span class="invisible">sures/a595</span></a></p>`,
			"See https://www.cumbria.police.uk/news/road-closures/a595"},
		"link text differs from address": {
			`<a href="https://evil.example/login">www.police.uk</a>`,
			"www.police.uk (https://evil.example/login)"},
		"entities": {`<p>5 &lt; 6 &quot;ok&quot; &#39;fine&#39; caf&eacute;</p>`, `5 < 6 "ok" 'fine' café`},
		"comment":  {`a<!-- <script>x</script> -->b`, "ab"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			if got := PlainText(c.in); got != c.want {
				t.Errorf("PlainText(%q)\n got %q\nwant %q", c.in, got, c.want)
			}
		})
	}
}

func TestPlainTextRendersHostileHTMLHarmless(t *testing.T) {
	in := `<p>hi<script>alert("x")</script><style>p{}</style> there</p>` +
		`<p>&#27;[2J&#27;]8;;http://evil.example&#7;click&#27;]8;;&#7; ` + "\x1b[31mred\x1b[0m" +
		` abc&#x202e;txt.exe</p><SCRIPT type="text/javascript">steal()</SCRIPT>end`
	got := PlainText(in)
	for _, bad := range []string{"\x1b", "\u202e", "\a", "alert", "steal", "p{}"} {
		if strings.Contains(got, bad) {
			t.Errorf("PlainText kept %q: %q", bad, got)
		}
	}
	for _, keep := range []string{"hi there", "click", "red", "abctxt.exe", "end"} {
		if !strings.Contains(got, keep) {
			t.Errorf("PlainText lost %q: %q", keep, got)
		}
	}
}
