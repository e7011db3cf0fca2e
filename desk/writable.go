package desk

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// access(2) modes.
const (
	mayWrite = 0x2
	mayEnter = 0x1
)

// ErrNotWritable says a store file, or the directory it must be made in,
// cannot be written by this process: a desk opened on it could show what it
// holds but save nothing.
var ErrNotWritable = errors.New("store not writable")

// CheckWritableSQLite says, before a desk that will write opens the store at
// path, whether this process can write it: the file (if it exists) and the
// directory that holds it, where SQLite keeps its write-ahead log and
// creates the file. Nothing is created or changed. The error names the file
// and the way out; it wraps ErrNotWritable.
func CheckWritableSQLite(path string) error {
	if exists(path) && syscall.Access(path, mayWrite) != nil {
		return notWritable(fmt.Sprintf("the store %s is read-only for you: the console could show the desk but save nothing. Make it writable (chmod u+w %s), or read it without writing: dutydesk report --db %s", path, path, path))
	}
	dir := filepath.Dir(path)
	for d := dir; ; d = filepath.Dir(d) {
		// The nearest directory that exists is where the rest is made.
		info, err := os.Stat(d)
		if err == nil {
			if !info.IsDir() {
				return fmt.Errorf("open store %s: %s is not a directory; give --db a path in a directory", path, d)
			}
			needWrite := d != dir || !exists(path) || !exists(path+"-wal")
			if needWrite && syscall.Access(d, mayWrite|mayEnter) != nil {
				return notWritable(fmt.Sprintf("cannot create the store %s: the directory %s is not writable for you (permission denied); make it writable, or give --db a path in a directory you can write", path, d))
			}
			break
		}
		if !errors.Is(err, fs.ErrNotExist) || filepath.Dir(d) == d {
			break // OpenSQLite reports it
		}
	}
	return nil
}

// notWritable is an ErrNotWritable with its own words.
type notWritable string

func (e notWritable) Error() string        { return string(e) }
func (e notWritable) Is(target error) bool { return target == ErrNotWritable }

// exists says whether path names something.
func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}
