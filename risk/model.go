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
// raises a level (routine or crime report to possible, possible to urgent),
// never lowers one.

//go:generate go test -run=^TestUrgencyModelIsTrained$ -count=1 . -args -retrain

//go:embed urgency_model.tsv
var modelTSV string

// lrModel is a logistic regression over hashed features.
type lrModel struct {
	bias     float64
	possible float64 // probability at or above which routine becomes possible
	urgent   float64 // probability at or above which possible becomes urgent
	w        map[uint64]float32
}

// urgencyModel is the embedded model, parsed once. A missing or empty
// model file gives a model that never raises a level.
var urgencyModel = sync.OnceValue(func() *lrModel { return parseModel(modelTSV) })

// parseModel reads "bias", "possible" and "urgent" lines (name TAB value)
// and one "hex-hash TAB weight" line per feature; lines starting with # are
// comments.
func parseModel(s string) *lrModel {
	m := &lrModel{possible: 2, urgent: 2, w: map[uint64]float32{}}
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
		case "urgent":
			m.urgent = f
		default:
			if h, err := strconv.ParseUint(k, 16, 64); err == nil {
				m.w[h] = float32(f)
			}
		}
	}
	return m
}

// score is the model's probability that the message is an emergency.
func (m *lrModel) score(a *analysis, toks []utok, rule Level) float64 {
	z := m.bias
	features(a, toks, rule, func(h uint64, v float64) { z += float64(m.w[h]) * v })
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
	fam := fnv(fnvOffset, "f")
	strong := fnv(fnvOffset, "s")
	for f, name := range families {
		if a.weight[f] > 0 {
			fn(fnv(fnvSep(fam), name), float64(a.harm(f))/4)
		}
		if a.strong[f] > 0 {
			fn(fnv(fnvSep(strong), name), 1)
		}
	}
	kind := fnv(fnvOffset, "k")
	for k, n := range a.kinds {
		if n > 0 {
			fn(fnvSep(kind)^uint64(k+1)*fnvPrime, float64(min(n, 2))/2)
		}
	}
	best := a.best()
	fn(fnv(fnvOffset, "score"), float64(a.ruleScore(best))/4)
	fn(fnv(fnvOffset, "lowering"), float64(a.lowering())/4)
	fn(fnv(fnv(fnvOffset, "rule"), rule.String()), 1)
	if a.shout {
		fn(fnv(fnvOffset, "shout"), 1)
	}
	if a.asks {
		fn(fnv(fnvOffset, "asks"), 1)
	}
	if a.help != nil {
		fn(fnv(fnvOffset, "help"), 1)
	}
}
