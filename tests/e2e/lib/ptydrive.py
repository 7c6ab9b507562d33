# Drives a command in a pseudo-terminal COLS x ROWS: python3 ptydrive.py COLS ROWS
# COMMAND [STEPS...]. COMMAND runs under sh -c. A step @TEXT waits (up to 120 s)
# until TEXT has been written since the last key was typed: the prompt a key is for
# (tmdojo throws away keys typed before its prompt shows, and valgrind can take
# seconds to show it). Any other step is a KEYS string (Python escapes: \r Enter,
# \x03 Ctrl-C, \x04 Ctrl-D), typed at once after an @TEXT step, else once the
# output has settled. After the last step the command has up to 120 s to end
# (PTYDRIVE_WAIT sets both bounds, in seconds).
# Prints everything the command wrote to the terminal, as it came (with the
# "\r\n" the terminal makes of each newline).
import fcntl, os, pty, select, struct, sys, termios, time

cols, rows, command = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
steps = [s.encode().decode('unicode_escape').encode('latin1') for s in sys.argv[4:]]
WAIT = int(os.environ.get("PTYDRIVE_WAIT", "120"))
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

def read_some(end):
    """Adds what the command writes before end to out; False once it has ended."""
    global out
    ready, _, _ = select.select([fd], [], [], max(0, end - time.time()))
    if not ready:
        return True
    try:
        data = os.read(fd, 65536)
    except OSError:
        return False
    out += data
    return bool(data)

def wait_text(text, since):
    end = time.time() + WAIT
    while text not in out[since:]:
        if time.time() >= end or not read_some(end):
            sys.stderr.write('ptydrive: no %r on the terminal after %d s\n' % (text, WAIT))
            return

typed_at = 0
waited = False
for s in steps:
    if s.startswith(b'@'):
        wait_text(s[1:], typed_at)
        waited = True
        continue
    if not waited:
        drain(1.5 if typed_at == 0 else 0.6)
    typed_at = len(out)
    os.write(fd, s)
    waited = False
end = time.time() + WAIT
while time.time() < end and read_some(end):
    pass
try:
    os.kill(pid, 9)
except OSError:
    pass
os.waitpid(pid, 0)
sys.stdout.write(out.decode('utf-8', 'replace'))
