# Drives a command in a pseudo-terminal COLS x ROWS: python3 ptydrive.py COLS ROWS
# COMMAND [KEYS...]. COMMAND runs under sh -c; each KEYS string (Python escapes:
# \r Enter, \x03 Ctrl-C, \x04 Ctrl-D) is typed once the output has settled. Prints
# everything the command wrote to the terminal, as it came (with the "\r\n" the
# terminal makes of each newline).
import fcntl, os, pty, select, struct, sys, termios, time

cols, rows, command = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
steps = [s.encode().decode('unicode_escape').encode('latin1') for s in sys.argv[4:]]
pid, fd = pty.fork()
if pid == 0:
    os.execvp('sh', ['sh', '-c', command])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
out = b''

def drain(settle):
    global out
    end = time.time() + settle
    while True:
        ready, _, _ = select.select([fd], [], [], max(0, end - time.time()))
        if not ready:
            return
        try:
            data = os.read(fd, 65536)
        except OSError:
            return
        if not data:
            return
        out += data
        end = time.time() + settle

drain(1.5)
for s in steps:
    os.write(fd, s)
    drain(0.6)
drain(1.0)
try:
    os.kill(pid, 9)
except OSError:
    pass
os.waitpid(pid, 0)
sys.stdout.write(out.decode('utf-8', 'replace'))
