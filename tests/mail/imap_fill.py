"""Fills an IMAP mailbox with IMAP APPEND: each line of the JSON list on stdin is a message
{sender, subject, attachments: [[name, path]], date} delivered to INBOX.

Usage: imap_fill.py PORT < messages.json
"""
import imaplib
import json
import sys
import time
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

port = int(sys.argv[1])
msgs = json.load(sys.stdin)
M = imaplib.IMAP4("127.0.0.1", port)
M.login("clerk", "secret")
for i, spec in enumerate(msgs):
    m = EmailMessage()
    m["From"] = spec["sender"]
    m["To"] = "jxk@example.gov.cn"
    m["Subject"] = spec["subject"]
    m["Message-ID"] = make_msgid(idstring="t%d" % i, domain="example.gov.cn")
    m.set_content("见附件。")
    for name, path in spec.get("attachments", []):
        with open(path, "rb") as f:
            data = f.read()
        m.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    M.append("INBOX", None, imaplib.Time2Internaldate(time.time()), m.as_bytes())
M.logout()
print("APPENDED", len(msgs))
