package match_test

import (
	"fmt"
	"testing"

	"github.com/sourcelight/sourcelight/wasm/engine"
	"github.com/sourcelight/sourcelight/wasm/match"
)

func TestTmpStats(t *testing.T) {
	s := match.Spec(engine.Defaults()...)
	for k, x := range s.Regexes {
		core := 0
		if x.Core != nil {
			core = len(x.Core.Inst)
		}
		fmt.Println(k, s.Rules[x.Rule].ID, "anchor", x.Anchor, "back", x.Back, "spaces", x.Spaces, "len", x.Len, "insts", len(x.Prog.Inst), "core", core, "ws", x.Prog.WordStart)
	}
}
