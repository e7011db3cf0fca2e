package sshd

import (
	"bytes"
	"fmt"
	"os"

	"github.com/dutydesk/dutydesk/internal/fielderr"
	gossh "golang.org/x/crypto/ssh"
)

// Person is one person on the roster as the keyring sees them: who they are
// and the keys that say so.
type Person struct {
	ID string
	// Keys are authorized_keys lines given inline.
	Keys []string
	// AuthorizedKeys is the path of an OpenSSH authorized_keys file; "": none.
	AuthorizedKeys string
}

// Keyring maps the public keys of the people on the roster to who they are.
type Keyring struct {
	byKey map[string]string // marshalled public key → person ID
}

// LoadKeyring reads every person's keys, inline and from their
// authorized_keys file. A key listed for two people is an error: a login must
// name exactly one person. Errors are *fielderr.FieldError naming the field.
func LoadKeyring(people []Person) (*Keyring, error) {
	kr := &Keyring{byKey: map[string]string{}}
	add := func(i int, field string, k gossh.PublicKey) error {
		id := people[i].ID
		if other, ok := kr.byKey[string(k.Marshal())]; ok && other != id {
			return fielderr.New(fmt.Sprintf("people[%d].%s", i, field), "%s's key %s is already %s's: each key must name one person", id, gossh.FingerprintSHA256(k), other)
		}
		kr.byKey[string(k.Marshal())] = id
		return nil
	}
	for i, p := range people {
		for j, line := range p.Keys {
			k, _, _, _, err := gossh.ParseAuthorizedKey([]byte(line))
			if err != nil {
				return nil, fielderr.New(fmt.Sprintf("people[%d].keys[%d]", i, j), "not an authorized_keys line: %v", err)
			}
			if err := add(i, "keys", k); err != nil {
				return nil, err
			}
		}
		if p.AuthorizedKeys == "" {
			continue
		}
		keys, err := readAuthorizedKeys(p.AuthorizedKeys)
		if err != nil {
			return nil, &fielderr.FieldError{Key: fmt.Sprintf("people[%d].authorized_keys", i), Err: err}
		}
		for _, k := range keys {
			if err := add(i, "authorized_keys", k); err != nil {
				return nil, err
			}
		}
	}
	return kr, nil
}

// Len is how many keys are on the keyring.
func (kr *Keyring) Len() int { return len(kr.byKey) }

// person returns who holds key, if anyone.
func (kr *Keyring) person(key gossh.PublicKey) (string, bool) {
	id, ok := kr.byKey[string(key.Marshal())]
	return id, ok
}

// readAuthorizedKeys parses an OpenSSH authorized_keys file.
func readAuthorizedKeys(path string) ([]gossh.PublicKey, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var keys []gossh.PublicKey
	for n, line := range bytes.Split(raw, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		k, _, _, _, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: not an authorized_keys line: %v", path, n+1, err)
		}
		keys = append(keys, k)
	}
	return keys, nil
}
