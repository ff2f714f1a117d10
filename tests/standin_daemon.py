#!/usr/bin/python3
"""A stand-in zerovm that plays daemon mode (tests/test_zerovm_job.py): no nexe is run.

Run as `zerovm [options] MANIFEST`.  What the session and each child do depends on the
content of their /dev/stdin channel file:
  session: "nodaemon" -> an ordinary report (daemon 0); anything else -> a daemon on the
           manifest's Job socket (double fork, setsid) and a report with daemon 1;
  child:   "hang" -> never answers; "spawn" -> first starts a second daemon of its own
           (double fork, setsid) that sleeps; "slow" -> waits 0.5 s, then as below; else
           writes "child got: <stdin>" to its /dev/stdout file and answers with a -t3 report
           whose user code is len(stdin).
Every process writes its pid to a file in $STANDIN_PIDS named <role>-<pid>, before
anything else, so a test can check that none is left.
"""

import os
import signal
import socket
import sys
import time


def note(role):
    path = os.path.join(os.environ["STANDIN_PIDS"], f"{role}-{os.getpid()}")
    with open(path, "w") as f:
        f.write(str(os.getpid()))


def parse(text):
    keys, channels = {}, {}
    for line in text.splitlines():
        key, eq, value = line.partition("=")
        if not eq:
            continue
        key, value = key.strip(), value.strip()
        if key == "Channel":
            fields = [f.strip() for f in value.split(",")]
            channels[fields[1]] = fields[0]
        else:
            keys[key] = value
    return keys, channels


def read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return b""


def report(daemon, user_code):
    return f"0\n{daemon}\n{user_code}\ndisable\n0.00 0.00 0 0 0 0 0 0 0 0\nok\n\n"


def detach():
    """Double fork and setsid: True in the detached grandchild, False in the caller."""
    if os.fork():
        return False
    os.setsid()
    if os.fork():
        os._exit(0)
    null = os.open("/dev/null", os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # only SIGKILL stops it, as with a careless daemon
    return True


def child(conn):
    note("child")
    data = conn.recv(0x10000)
    _, channels = parse(data[8:].decode("latin-1"))
    stdin = read(channels.get("/dev/stdin", "/nonexistent"))
    if stdin == b"hang":
        os.rename(os.path.join(os.environ["STANDIN_PIDS"], f"child-{os.getpid()}"),
                  os.path.join(os.environ["STANDIN_PIDS"], f"hang-{os.getpid()}"))
        while True:
            time.sleep(1)
    if stdin == b"spawn" and detach():
        note("daemon2")
        while True:
            time.sleep(1)
    if stdin == b"slow":
        time.sleep(0.5)  # its output comes late: a client that hung up must wait for it
    if "/dev/stdout" in channels:
        with open(channels["/dev/stdout"], "wb") as f:
            f.write(b"child got: " + stdin + b"\n")
    answer = report(0, len(stdin)).encode()
    conn.sendall(b"0x%06x" % len(answer) + answer)
    conn.close()
    os._exit(0)


def daemon(path):
    note("daemon")
    if os.path.exists(path):
        os.unlink(path)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    os.chmod(path, 0o777)
    listener.listen(16)
    while True:
        conn, _ = listener.accept()
        time.sleep(0.2)  # a daemon at nice 19 is slow to get round: the last child stays a zombie meanwhile
        try:  # finished children are reaped at the next accept, as zerovm does
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass
        except ChildProcessError:
            pass
        if os.fork() == 0:
            listener.close()
            child(conn)
        conn.close()


def main():
    if len(sys.argv) < 2:
        print("ZeroVM stand-in; usage: zerovm MANIFEST")
        sys.exit(22)
    note("session")
    with open(sys.argv[-1]) as f:
        keys, channels = parse(f.read())
    stdin = read(channels.get("/dev/stdin", "/nonexistent"))
    with open(channels["/dev/stdout"], "wb") as f:
        f.write(b"parent\n")
    if stdin == b"nodaemon" or "Job" not in keys:
        sys.stdout.write(report(0, 0))
        return
    if detach():
        daemon(keys["Job"])
        os._exit(0)
    sys.stdout.write(report(1, 0))


main()
