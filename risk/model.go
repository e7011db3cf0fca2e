package risk

import (
	_ "embed"
	"math"
	"strconv"
	"strings"
	"sync"
)

// The learned second opinion: a logistic regression over the message's
// word stems, pairs of stems and the concept signals, trained from the
// labelled messages in testdata (never the frozen half) by
//
//	go generate ./risk/
//
// which runs TestUrgencyModelIsTrained with -retrain and rewrites
// urgency_model.tsv; without -retrain the same test trains again and fails
// if the result differs from the embedded weights, so the file is always
// what the training data and code give. The rules explain; the model only
// raises routine or a crime report to possible, never to urgent and never
// lower.

//go:generate go test -run=^TestUrgencyModelIsTrained$ -count=1 . -args -retrain

//go:embed urgency_model.tsv
var modelTSV string

// lrModel is a logistic regression over hashed features: each feature's
// hash picks one of modelSize weights (the hashing trick: a rare collision
// shares a weight, and a lookup is one array index).
type lrModel struct {
	bias     float64
	possible float64 // probability at or above which routine becomes possible
	w        [modelSize]float32
	n        int // weights that are not zero
}

const (
	modelBits = 18
	modelSize = 1 << modelBits
)

// bucket is the weight a feature hash uses.
func bucket(h uint64) uint32 { return uint32((h * 0x9e3779b97f4a7c15) >> (64 - modelBits)) }

// urgencyModel is the embedded model, parsed once. A missing or empty
// model file gives a model that never raises a level.
var urgencyModel = sync.OnceValue(func() *lrModel { return parseModel(modelTSV) })

// parseModel reads "bias" and "possible" lines (name TAB value)
// and one "bucket TAB weight" line per weight that is not zero; lines starting with # are
// comments.
func parseModel(s string) *lrModel {
	m := &lrModel{possible: 2}
	for _, line := range strings.Split(s, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		k, v, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			continue
		}
		switch k {
		case "bias":
			m.bias = f
		case "possible":
			m.possible = f
		default:
			if b, err := strconv.ParseUint(k, 10, 32); err == nil && b < modelSize {
				m.w[b] = float32(f)
				m.n++
			}
		}
	}
	return m
}

// score is the model's probability that the message is an emergency.
func (m *lrModel) score(a *analysis, toks []utok, rule Level) float64 {
	z := m.bias
	features(a, toks, rule, func(h uint64, v float64) { z += float64(m.w[bucket(h)]) * v })
	return 1 / (1 + math.Exp(-z))
}

// FNV-1a, for hashing features without building strings.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fnv(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

func fnvSep(h uint64) uint64 {
	h ^= 0xff
	return h * fnvPrime
}

// features calls fn with each feature's hash and value: every stem, every
// pair of neighbouring stems, and the concept signals of the analysis.
func features(a *analysis, toks []utok, rule Level, fn func(h uint64, v float64)) {
	for i, t := range toks {
		fn(t.h, 1) // the stem (see lookupWord)
		if i > 0 {
			fn(((toks[i-1].h^0x9e3779b97f4a7c15)*fnvPrime^t.h)*fnvPrime, 1) // the pair
		}
	}
	for f := range families {
		if a.weight[f] > 0 {
			fn(conceptHash.family[f], float64(a.harm(f))/4)
		}
		if a.strong[f] > 0 {
			fn(conceptHash.strong[f], 1)
		}
	}
	for k, n := range a.kinds {
		if n > 0 {
			fn(conceptHash.kind[k], float64(min(n, 2))/2)
		}
	}
	fn(conceptHash.score, float64(a.ruleScore(a.best()))/4)
	fn(conceptHash.lowering, float64(a.lowering())/4)
	fn(conceptHash.rule[rule], 1)
	if a.shout {
		fn(conceptHash.shout, 1)
	}
	if a.asks {
		fn(conceptHash.asks, 1)
	}
	if a.help != nil {
		fn(conceptHash.help, 1)
	}
}

// conceptHash holds the hashes of the concept features, computed once.
var conceptHash = func() (c struct {
	family, strong                     [maxFamilies]uint64
	kind                               [numCueKinds]uint64
	rule                               [Urgent + 1]uint64
	score, lowering, shout, asks, help uint64
}) {
	for f, name := range families {
		c.family[f] = fnv(fnvSep(fnv(fnvOffset, "f")), name)
		c.strong[f] = fnv(fnvSep(fnv(fnvOffset, "s")), name)
	}
	for k := range c.kind {
		c.kind[k] = fnvSep(fnv(fnvOffset, "k")) ^ uint64(k+1)*fnvPrime
	}
	for l := range c.rule {
		c.rule[l] = fnv(fnv(fnvOffset, "rule"), Level(l).String())
	}
	c.score, c.lowering = fnv(fnvOffset, "score"), fnv(fnvOffset, "lowering")
	c.shout, c.asks, c.help = fnv(fnvOffset, "shout"), fnv(fnvOffset, "asks"), fnv(fnvOffset, "help")
	return c
}()
