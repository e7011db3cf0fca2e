// Package fielderr holds FieldError: how a package that validates its own
// part of the config file (risk, feeds/mastodon) says which key an error is
// about, so that the config loader can point at that key's line without
// reading the message. It depends on nothing, so that risk may use it.
package fielderr

import "fmt"

// FieldError is an error about one config key, such as
// "mastodon.accounts[1].token_file" or "risk.allow_numbers[0]".
type FieldError struct {
	Key string // dotted, with [i] for the i-th entry of a list or array of tables
	Err error  // what is wrong and how to fix it, without the key
}

// New makes a FieldError for key with a formatted message.
func New(key, format string, a ...any) *FieldError {
	return &FieldError{Key: key, Err: fmt.Errorf(format, a...)}
}

// Error is "key: what is wrong".
func (e *FieldError) Error() string { return e.Key + ": " + e.Err.Error() }

// Unwrap returns the error without its key.
func (e *FieldError) Unwrap() error { return e.Err }
