package desk

// ResumePoints returns, per feed source name, the highest RemoteID among the
// items the desk holds from it: where that feed left off, for a feed to
// catch up from after a restart. Remote IDs compare as Mastodon's do
// (snowflakes: a longer numeric string is larger, equal lengths compare
// lexically). Items without a source or remote ID are left out, and so are
// those keep refuses (nil keeps all), e.g. items from another server.
func (d *Desk) ResumePoints(keep func(itemID string) bool) map[string]string {
	d.mu.RLock()
	defer d.mu.RUnlock()
	out := map[string]string{}
	for _, it := range d.items {
		if it.Source == "" || it.RemoteID == "" || (keep != nil && !keep(it.ID)) {
			continue
		}
		if cur, ok := out[it.Source]; !ok || remoteIDAfter(it.RemoteID, cur) {
			out[it.Source] = it.RemoteID
		}
	}
	return out
}

// remoteIDAfter reports whether remote ID a sorts after b: by length, then
// lexically, so that "100" is after "99".
func remoteIDAfter(a, b string) bool {
	if len(a) != len(b) {
		return len(a) > len(b)
	}
	return a > b
}
