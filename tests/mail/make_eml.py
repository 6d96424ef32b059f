"""Writes .eml files with Python's email package: the JSON list on stdin holds one message each,
{file, sender, subject, attachments}; an attachment is {name, path} (the file's bytes) or
{name, zip: [[entry_name, path or null]], filler: N}, a zip built here whose entries hold the
file's bytes (a short text when the path is null), with N more small text entries after them.

Usage: make_eml.py DIR < messages.json
"""
import io
import json
import os
import sys
import zipfile
from email.message import EmailMessage
from email.utils import make_msgid

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for i, spec in enumerate(json.load(sys.stdin)):
    m = EmailMessage()
    m["From"] = spec["sender"]
    m["To"] = "jxk@example.gov.cn"
    m["Subject"] = spec["subject"]
    m["Message-ID"] = make_msgid(idstring="e%d" % i, domain="example.gov.cn")
    m.set_content("见附件。")
    for att in spec.get("attachments", []):
        if "zip" in att:
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
                for entry, path in att["zip"]:
                    # A ZipInfo keeps the name as given (`../x.xlsx` included).
                    info = zipfile.ZipInfo(entry, date_time=(2024, 3, 1, 9, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                    if path is None:
                        data = "说明".encode()
                    else:
                        with open(path, "rb") as f:
                            data = f.read()
                    z.writestr(info, data)
                for n in range(att.get("filler", 0)):
                    z.writestr("filler/%05d.txt" % n, "x")
            data = buf.getvalue()
        else:
            with open(att["path"], "rb") as f:
                data = f.read()
        m.add_attachment(data, maintype="application", subtype="octet-stream", filename=att["name"])
    with open(os.path.join(out, spec["file"]), "wb") as f:
        f.write(m.as_bytes())
print("WROTE")
