package risk

import (
	"os"
	"strings"
	"testing"
	"time"
)

// draft500 is a realistic draft of about 500 characters with a few findings.
const draft500 = "UPDATE: The A595 is now reopened between Bothel and Mealsgate following the collision earlier. " +
	"Thanks to everyone for their patience. The driver of the silver Ford Focus, YX61 KLM, was taken to " +
	"hospital. If you saw the collision or have dashcam footage, please call 101 quoting incident 0456 of " +
	"12/03/2024, or Crimestoppers on 0800 555 111. We're on duty until 22:00 tonight; in an emergency always " +
	"call 999. PCSO Dobson will be at the surgery on Warwick Road on Thursday. Thanks to @amy@instance.social!"

// corpusText returns about n bytes of real drafts from the corpus.
func corpusText(b *testing.B, n int) string {
	data, err := os.ReadFile("testdata/drafts.tsv")
	if err != nil {
		b.Fatal(err)
	}
	var sb strings.Builder
	for sb.Len() < n {
		for _, line := range strings.Split(string(data), "\n") {
			if _, text, ok := strings.Cut(line, "\t"); ok {
				sb.WriteString(text)
				sb.WriteString("\n")
			}
		}
	}
	return sb.String()[:n]
}

func benchCheck(b *testing.B, text string) {
	ch, err := New(Config{})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		ch.Check(text)
	}
}

func BenchmarkCheck(b *testing.B) {
	b.Run("draft500", func(b *testing.B) { benchCheck(b, draft500[:500]) })
	b.Run("text100KB", func(b *testing.B) { benchCheck(b, corpusText(b, 100<<10)) })
}

// BenchmarkUrgency measures the classifier (rules and model) on one
// message and on the dev half of the blind corpus, reporting messages per
// second: urgency runs on every arrival, and the bar is 50 000 a second on
// one core (go test -run=^$ -bench=Urgency -cpu=1 ./risk/).
func BenchmarkUrgency(b *testing.B) {
	ch, _ := New(Config{})
	b.Run("one", func(b *testing.B) {
		text := "help there's a man following me down London Rd, he's got a knife and I'm scared, please send someone now"
		b.SetBytes(int64(len(text)))
		b.ReportAllocs()
		cpu := cpuTime(b)
		for b.Loop() {
			ch.Urgency(text)
		}
		reportRate(b, cpuTime(b)-cpu)
	})
	b.Run("corpus", func(b *testing.B) {
		corpus := readBlind(b, "testdata/inbound_dev.tsv")
		size := 0
		for _, c := range corpus {
			size += len(c.text)
		}
		b.SetBytes(int64(size / len(corpus)))
		b.ReportAllocs()
		i := 0
		cpu := cpuTime(b)
		for b.Loop() {
			ch.Urgency(corpus[i%len(corpus)].text)
			i++
		}
		reportRate(b, cpuTime(b)-cpu)
	})
}

// reportRate reports messages per wall-clock second and per CPU-second
// (the process's CPU time: run with -cpu=1 so that is one core's).
func reportRate(b *testing.B, cpu time.Duration) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
	if cpu > 0 {
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "msgs/cpu-s")
	}
}
