"""Parses .eml files with Python's email package and prints one JSON line per message:
file, subject, to, and each attachment's file name and SHA-256."""
import email
import email.policy
import glob
import hashlib
import json
import os
import sys

for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.eml"))):
    with open(path, "rb") as f:
        m = email.message_from_bytes(f.read(), policy=email.policy.default)
    atts = []
    for p in m.iter_attachments():
        data = p.get_content()
        atts.append({"name": p.get_filename(), "sha256": hashlib.sha256(data).hexdigest()})
    rcpt = path[:-4] + ".rcpt"
    envelope = open(rcpt).read().split() if os.path.exists(rcpt) else []
    body = m.get_body(preferencelist=("plain",))
    print(json.dumps({
        "file": os.path.basename(path),
        "subject": str(m["subject"]),
        "to": [a.addr_spec for a in m["to"].addresses],
        "envelope": envelope,
        "body": body.get_content() if body else "",
        "attachments": atts,
    }, ensure_ascii=False))
