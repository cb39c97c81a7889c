// Command notecheck runs the checkpoint vectors of zk-Autograd through Go's reference
// implementations, golang.org/x/mod/sumdb/note and github.com/transparency-dev/formats/log, and
// lists the vectors on which they and the Java implementation disagree. It is a manual
// interoperability check, not part of the Maven build:
//
//	cd core/src/test/go/notecheck && go run . ../../resources/vectors/checkpoint
//
// Every good vector must pass here too; the expected disagreements are the broken vectors that
// the Java reader refuses because it is stricter (docs/formats/checkpoint.md, section 5).
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/transparency-dev/formats/log"
	"golang.org/x/mod/sumdb/note"
)

type vec struct {
	VerifierKey string  `json:"verifierKey"`
	PrivateKey  string  `json:"privateKey"`
	Origin      *string `json:"origin"`
	Note        *string `json:"note"`
	WantErr     *string `json:"wantErr"`
	Want        *struct {
		Size uint64 `json:"size"`
	} `json:"want"`
}

func main() {
	files, _ := filepath.Glob(os.Args[1] + "/*/*.json")
	ok, disagree := 0, 0
	for _, f := range files {
		b, _ := os.ReadFile(f)
		var v vec
		if err := json.Unmarshal(b, &v); err != nil {
			panic(err)
		}
		var err error
		if v.Note != nil {
			var verifier note.Verifier
			verifier, err = note.NewVerifier(v.VerifierKey)
			if err == nil {
				if v.Origin != nil {
					var cp *log.Checkpoint
					cp, _, _, err = log.ParseCheckpoint([]byte(*v.Note), *v.Origin, verifier)
					if err == nil && v.Want != nil && cp.Size != v.Want.Size {
						err = fmt.Errorf("size %d", cp.Size)
					}
				} else {
					_, err = note.Open([]byte(*v.Note), note.VerifierList(verifier))
				}
			}
		} else if v.PrivateKey != "" {
			var s note.Signer
			s, err = note.NewSigner(v.PrivateKey)
			if err == nil && v.VerifierKey != "" {
				_, err = note.NewVerifier(v.VerifierKey)
				_ = s
			}
		} else {
			_, err = note.NewVerifier(v.VerifierKey)
		}
		wantErr := v.WantErr != nil
		if (err != nil) != wantErr {
			disagree++
			fmt.Printf("DIFFERENT %s: want %v, Go: %v\n", strings.TrimPrefix(f, os.Args[1]), strOr(v.WantErr), err)
		} else {
			ok++
		}
	}
	fmt.Printf("agree %d, differ %d\n", ok, disagree)
}

func strOr(s *string) string {
	if s == nil {
		return "ok"
	}
	return *s
}
