package main

import (
	"bytes"
	"fmt"
	"os"

	gossh "golang.org/x/crypto/ssh"

	"github.com/dutydesk/dutydesk/internal/config"
)

// keyring maps the public keys of the people in the config to who they are.
type keyring struct {
	byKey map[string]string // marshalled public key → person ID
}

// loadKeyring reads every person's keys, inline and from their
// authorized_keys file. A key listed for two people is an error: a login must
// name exactly one person.
func loadKeyring(cfg config.Config) (*keyring, error) {
	kr := &keyring{byKey: map[string]string{}}
	add := func(i int, field string, k gossh.PublicKey) error {
		id := cfg.People[i].ID
		if other, ok := kr.byKey[string(k.Marshal())]; ok && other != id {
			return cfg.ErrorAt(fmt.Sprintf("people[%d].%s", i, field), fmt.Sprintf("people[%d] (%s) has key %s, which is already %s's: each key must name one person", i, id, gossh.FingerprintSHA256(k), other))
		}
		kr.byKey[string(k.Marshal())] = id
		return nil
	}
	for i, p := range cfg.People {
		for j, line := range p.Keys {
			k, _, _, _, err := gossh.ParseAuthorizedKey([]byte(line))
			if err != nil {
				return nil, cfg.ErrorAt(fmt.Sprintf("people[%d].keys", i), fmt.Sprintf("people[%d].keys[%d] is not an authorized_keys line: %v", i, j, err))
			}
			if err := add(i, "keys", k); err != nil {
				return nil, err
			}
		}
		if p.AuthorizedKeys == "" {
			continue
		}
		keys, err := readAuthorizedKeys(cfg.Resolve(p.AuthorizedKeys))
		if err != nil {
			return nil, cfg.ErrorAt(fmt.Sprintf("people[%d].authorized_keys", i), fmt.Sprintf("people[%d].authorized_keys: %v", i, err))
		}
		for _, k := range keys {
			if err := add(i, "authorized_keys", k); err != nil {
				return nil, err
			}
		}
	}
	return kr, nil
}

// person returns who holds key, if anyone.
func (kr *keyring) person(key gossh.PublicKey) (string, bool) {
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
