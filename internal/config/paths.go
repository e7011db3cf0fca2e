package config

import (
	"os"
	"path/filepath"
)

// DeskPath is where the desk is stored: flag (--db), else db in the config,
// else the default under the XDG data directory.
func (c Config) DeskPath(flag string) string {
	return Pick(flag, c.DB, DefaultDBPath("desk.db"))
}

// Resolve makes a path in the config relative to the config file's directory.
func (c Config) Resolve(path string) string {
	if path == "" || filepath.IsAbs(path) || c.path == "" {
		return path
	}
	return filepath.Join(filepath.Dir(c.path), path)
}

// DefaultDBPath is a file under dutydesk's XDG data directory.
func DefaultDBPath(name string) string {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			home = "."
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "dutydesk", name)
}

// DefaultPath is the config under the XDG config directory.
func DefaultPath() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "dutydesk.toml"
	}
	return filepath.Join(dir, "dutydesk", "config.toml")
}

// Pick returns the first of paths that is set.
func Pick(paths ...string) string {
	for _, p := range paths {
		if p != "" {
			return p
		}
	}
	return ""
}
