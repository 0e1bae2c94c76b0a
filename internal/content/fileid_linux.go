package content

import (
	"io/fs"
	"strconv"
	"syscall"
	"time"
)

// fileID identifies the file info describes as it is on disk: its device,
// inode, size, mode, and the times of its last write (mtime) and of its
// last change of status (ctime: set by every write, rename and change of
// times, and by nothing else). changed is the later of the two. ok is
// false when info does not come from the disk (an fs.FS in memory).
func fileID(info fs.FileInfo) (id string, changed time.Time, ok bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return "", time.Time{}, false
	}
	b := make([]byte, 0, 96)
	for _, n := range []int64{int64(st.Dev), int64(st.Ino), int64(st.Size), int64(st.Mode),
		int64(st.Mtim.Sec), int64(st.Mtim.Nsec), int64(st.Ctim.Sec), int64(st.Ctim.Nsec)} {
		b = strconv.AppendInt(b, n, 10)
		b = append(b, ' ')
	}
	m, c := time.Unix(int64(st.Mtim.Sec), int64(st.Mtim.Nsec)), time.Unix(int64(st.Ctim.Sec), int64(st.Ctim.Nsec))
	if m.After(c) {
		c = m
	}
	return string(b), c, true
}
