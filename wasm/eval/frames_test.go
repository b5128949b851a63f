package eval

import (
	"strings"
	"testing"
)

func TestFrame(t *testing.T) {
	for _, c := range []struct {
		text, source, with, want string
	}{
		{"Clinton said the plan would fail.", "Clinton", "some Democrats", "Some Democrats said the plan would fail."},
		{"\"It will fail,\" Clinton said.", "Clinton", "a senior aide", "\"It will fail,\" a senior aide said."},
		{"It will fail, said Clinton.", "Clinton", "critics", "It will fail, said critics."},
		{"Late on Monday, Clinton told reporters it would fail.", "Clinton", "an aide", "Late on Monday, an aide told reporters it would fail."},
		{"It failed. Clinton said so.", "Clinton", "one aide", "It failed. One aide said so."},
	} {
		i := strings.Index(c.text, c.source)
		got, at := Frame(c.text, Span{Start: i, End: i + len(c.source)}, c.with)
		if got != c.want {
			t.Errorf("Frame(%q) = %q, want %q", c.text, got, c.want)
		}
		if got[at.Start:at.End] == "" || len(got[at.Start:at.End]) != len(c.with) {
			t.Errorf("Frame(%q): span %v is not the new source", c.text, at)
		}
	}
}

func TestFramed(t *testing.T) {
	for _, c := range []struct {
		text, source, cue string
		want              bool
	}{
		{"Clinton said the plan would fail.", "Clinton", "said", true},
		{"Clinton told reporters it would fail.", "Clinton", "told", true},
		{"According to Clinton, it failed.", "Clinton", "According to", true},
		{"Clinton says the plan will fail.", "Clinton", "says", false},                        // the verb agrees with its subject
		{"Clinton, who ran in 2008, said it would fail.", "Clinton", "said", false},           // the clause would point at the new source
		{"He is a Sanders-described socialist, said Clinton.", "Sanders", "described", false}, // glued to a word
	} {
		if got := Framed(c.text, attr(c.text, c.source, c.cue, "")); got != c.want {
			t.Errorf("Framed(%q, %q) = %v, want %v", c.text, c.source, got, c.want)
		}
	}
}
