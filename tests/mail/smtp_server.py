"""A real SMTP server for the mail tests (aiosmtpd), on 127.0.0.1 only.

Usage: smtp_server.py PORT STORE_DIR [REFUSED_ADDRESS ...]
Stores each message as STORE_DIR/NNNN.eml with the envelope's recipients in NNNN.rcpt, refuses
the given recipients with 550, prints READY once listening, stops when stdin closes.
"""
import os
import sys
import threading

from aiosmtpd.controller import Controller

port = int(sys.argv[1])
store = sys.argv[2]
refused = {a.lower() for a in sys.argv[3:]}
lock = threading.Lock()
count = [0]


class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in refused:
            return "550 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with lock:
            count[0] += 1
            n = count[0]
        base = os.path.join(store, "%04d" % n)
        with open(base + ".eml", "wb") as f:
            f.write(envelope.original_content)
        with open(base + ".rcpt", "w") as f:
            f.write("\n".join(envelope.rcpt_tos))
        return "250 Message accepted"


c = Controller(Handler(), hostname="127.0.0.1", port=port)
c.start()
print("READY", flush=True)
sys.stdin.read()
c.stop()
