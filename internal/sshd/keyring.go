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
	// Plain gives them the plain console (screen readers) whenever they
	// log in, as `accessible = true` on their [[people]] entry says.
	Plain bool
}

// Keyring maps the public keys of the people on the roster to who they are
// and what their authorized_keys options allow.
type Keyring struct {
	byKey    map[string]keyEntry // marshalled public key → its holder
	plain    map[string]bool     // people who get the plain console
	warnings []string
}

type keyEntry struct {
	person string
	policy keyPolicy
}

// LoadKeyring reads every person's keys, inline and from their
// authorized_keys file, with the options in front of each (sshd(8)
// AUTHORIZED_KEYS FILE FORMAT). A key listed for two people is an error: a
// login must name exactly one person. Errors are *fielderr.FieldError
// naming the field. A key whose options keep it from opening a console is
// kept, to be refused with the reason, and named in Warnings.
func LoadKeyring(people []Person) (*Keyring, error) {
	kr := &Keyring{byKey: map[string]keyEntry{}, plain: map[string]bool{}}
	add := func(i int, field, where string, k gossh.PublicKey, opts []string) error {
		id := people[i].ID
		if other, ok := kr.byKey[string(k.Marshal())]; ok && other.person != id {
			return fielderr.New(fmt.Sprintf("people[%d].%s", i, field), "%s's key %s is already %s's: each key must name one person", id, gossh.FingerprintSHA256(k), other.person)
		}
		policy, warning := parseKeyOptions(opts)
		if warning != "" {
			kr.warnings = append(kr.warnings, fmt.Sprintf("people[%d].%s: %s key %s (%s) is %s", i, field, where, gossh.FingerprintSHA256(k), id, warning))
		}
		kr.byKey[string(k.Marshal())] = keyEntry{person: id, policy: policy}
		return nil
	}
	for i, p := range people {
		if p.Plain {
			kr.plain[p.ID] = true
		}
		for j, line := range p.Keys {
			k, _, opts, _, err := gossh.ParseAuthorizedKey([]byte(line))
			if err != nil {
				return nil, fielderr.New(fmt.Sprintf("people[%d].keys[%d]", i, j), "not an authorized_keys line: %v", err)
			}
			if err := add(i, "keys", fmt.Sprintf("keys[%d]:", j), k, opts); err != nil {
				return nil, err
			}
		}
		if p.AuthorizedKeys == "" {
			continue
		}
		lines, err := readAuthorizedKeys(p.AuthorizedKeys)
		if err != nil {
			return nil, &fielderr.FieldError{Key: fmt.Sprintf("people[%d].authorized_keys", i), Err: err}
		}
		for _, l := range lines {
			if err := add(i, "authorized_keys", l.where, l.key, l.options); err != nil {
				return nil, err
			}
		}
	}
	return kr, nil
}

// Len is how many keys are on the keyring.
func (kr *Keyring) Len() int { return len(kr.byKey) }

// Warnings names each key that is on the roster but will be refused
// because of its authorized_keys options, and why.
func (kr *Keyring) Warnings() []string { return kr.warnings }

// Plain reports whether person gets the plain console whenever they log in.
func (kr *Keyring) Plain(person string) bool { return kr.plain[person] }

// holder returns who holds key, if anyone, and what the key may do.
func (kr *Keyring) holder(key gossh.PublicKey) (keyEntry, bool) {
	e, ok := kr.byKey[string(key.Marshal())]
	return e, ok
}

// person returns who holds key, if anyone.
func (kr *Keyring) person(key gossh.PublicKey) (string, bool) {
	e, ok := kr.holder(key)
	return e.person, ok
}

// authorizedKey is one line of an authorized_keys file.
type authorizedKey struct {
	key     gossh.PublicKey
	options []string
	where   string // "path:line:"
}

// readAuthorizedKeys parses an OpenSSH authorized_keys file.
func readAuthorizedKeys(path string) ([]authorizedKey, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var keys []authorizedKey
	for n, line := range bytes.Split(raw, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		k, _, opts, _, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: not an authorized_keys line: %v", path, n+1, err)
		}
		keys = append(keys, authorizedKey{key: k, options: opts, where: fmt.Sprintf("%s:%d:", path, n+1)})
	}
	return keys, nil
}
